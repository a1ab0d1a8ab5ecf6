package dev.gradstream.sweep;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A sweep worker alone in a JVM of its own, for the test that kills one with SIGKILL mid-job.
 * Arguments: bootstrap servers, share group, runs directory, acquisition lock in ms, delivery limit, the only
 * sweep to take.
 */
public final class WorkerProcess {

    private WorkerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        SweepWorkers workers = SweepWorkers.start(args[0], Map.of(), 1, Path.of(args[2]),
                new SweepWorker.Settings(args[1], Duration.ofMillis(Long.parseLong(args[3])), Integer.parseInt(args[4]),
                        args[5]));
        System.out.println("worker started");
        Thread.sleep(Long.MAX_VALUE);
        workers.close();
    }
}
