package dev.gradstream.sweep;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.SweepResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a sweep from the coordinator's side: puts its jobs on the jobs topic, waits for one result per job
 * (whichever workers train them, wherever they are), then prints the table and writes it to the sweep
 * directory. It trains nothing itself.
 */
public final class SweepCoordinator {

    private SweepCoordinator() {
    }

    /**
     * @param sweepDir where {@code results.csv} and {@code results.md} go
     * @param out      one line per finished job, then the table
     * @param timeout  how long to wait for all results
     * @throws BusException when the results do not all arrive in time
     */
    public static SweepReport run(KafkaClients clients, SweepPlan plan, Path sweepDir, PrintStream out,
                                  Duration timeout) {
        int n = plan.configs().size();
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        try (SweepResults results = new SweepResults(clients, plan.sweepId(), n, r -> progress(out, r,
                done.incrementAndGet(), n, t0))) {
            JobQueue.publish(clients, "sweep-coordinator-" + plan.sweepId(), plan.jobs());
            out.printf(Locale.ROOT, "sweep %s: %d jobs on %s, for the sweep workers to take%n", plan.sweepId(), n,
                    JobQueue.TOPIC);
            if (!results.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BusException("sweep " + plan.sweepId() + ": " + results.results().size() + " of " + n
                        + " results arrived within " + timeout.toSeconds() + " s; are sweep workers running against "
                        + clients.bootstrapServers() + "?");
            }
            SweepReport report = new SweepReport(plan.sweepId(), plan.backend(), plan.task(), results.results(),
                    (System.nanoTime() - t0) / 1e9);
            report.write(sweepDir);
            return report;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while waiting for sweep " + plan.sweepId());
        }
    }

    private static void progress(PrintStream out, SweepResult r, int done, int n, long t0) {
        out.printf(Locale.ROOT, "[%3d/%d %6.1f s] job %2d %-42s %-9s val loss %.4f acc %.4f  (%s, %.1f s)%n", done, n,
                (System.nanoTime() - t0) / 1e9, r.getJobIndex(), SweepConfigs.describe(r.getConfig()),
                dev.gradstream.bus.EventNames.status(r.getStatus()), r.getBestValidationLoss(),
                r.getBestValidationAccuracy(), r.getWorker(), r.getDurationSeconds());
    }
}
