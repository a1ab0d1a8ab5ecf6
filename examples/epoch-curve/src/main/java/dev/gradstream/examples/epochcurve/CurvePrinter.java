package dev.gradstream.examples.epochcurve;

import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints one line per epoch event and checks each run's events against the contract (proto/README.md):
 * <ul>
 *   <li>duplicate: a (run id, header.sequence) already seen is the same event delivered again; it is
 *       reported and skipped;</li>
 *   <li>out of order: a run's sequence numbers only grow, so a smaller unseen one is reported;</li>
 *   <li>gap: the sequence is per run across all topics (batches and predictions come between two epochs),
 *       so on this one topic a gap shows as a skipped epoch number, not as a skipped sequence number.</li>
 * </ul>
 * Not thread-safe: feed it from the polling thread.
 */
final class CurvePrinter {

    /** What has been seen of one run. */
    private static final class RunState {
        final Set<Long> sequences = new HashSet<>();
        long lastSequence = -1;
        int lastEpoch;
        int epochs;
        int duplicates;
        int gaps;
        int bestEpoch;
        double bestValidationLoss = Double.NaN;
    }

    private final PrintStream out;
    private final Map<String, RunState> runs = new LinkedHashMap<>();
    private boolean headerPrinted;

    CurvePrinter(PrintStream out) {
        this.out = out;
    }

    /**
     * Takes one decoded record of the epochs topic.
     *
     * @param key   the record key, which the contract says is the run id
     * @param where partition and offset, for messages
     */
    void accept(String key, Event event, String where) {
        EventHeader h = event.getHeader();
        if (!h.getRunId().equals(key)) {
            out.printf(Locale.ROOT, "! %s: record key '%s' is not the header's run id '%s'%n", where, key, h.getRunId());
        }
        if (!event.hasEpochMetrics()) {
            out.printf(Locale.ROOT, "! %s: %s event on the epochs topic; skipped%n", where, event.getPayloadCase());
            return;
        }
        EpochMetrics m = event.getEpochMetrics();
        RunState run = runs.computeIfAbsent(h.getRunId(), r -> new RunState());
        if (!run.sequences.add(h.getSequence())) {
            run.duplicates++;
            out.printf(Locale.ROOT, "! duplicate: run %s sequence %d (epoch %d) seen before; skipped (%s)%n",
                    h.getRunId(), h.getSequence(), m.getEpoch(), where);
            return;
        }
        if (h.getSequence() < run.lastSequence) {
            out.printf(Locale.ROOT, "! out of order: run %s sequence %d after %d (%s)%n", h.getRunId(),
                    h.getSequence(), run.lastSequence, where);
        }
        if (m.getEpoch() > run.lastEpoch + 1) {
            run.gaps++;
            out.printf(Locale.ROOT, "! gap: run %s epoch %s missing before epoch %d (sequence %d, %s)%n", h.getRunId(),
                    m.getEpoch() == run.lastEpoch + 2 ? Integer.toString(run.lastEpoch + 1)
                            : (run.lastEpoch + 1) + ".." + (m.getEpoch() - 1),
                    m.getEpoch(), h.getSequence(), where);
        }
        run.lastSequence = Math.max(run.lastSequence, h.getSequence());
        run.lastEpoch = Math.max(run.lastEpoch, m.getEpoch());
        run.epochs++;
        if (m.getBestSoFar()) {
            run.bestEpoch = m.getEpoch();
            run.bestValidationLoss = m.getValidationLoss();
        }
        if (!headerPrinted) {
            out.printf(Locale.ROOT, "%5s %11s %9s %11s %9s %4s %8s  %s%n", "epoch", "train_loss", "train_acc",
                    "val_loss", "val_acc", "best", "sequence", "run (backend, task)");
            headerPrinted = true;
        }
        out.printf(Locale.ROOT, "%5d %11.6f %9.4f %11.6f %9.4f %4s %8d  %s (%s, %s)%n", m.getEpoch(), m.getTrainLoss(),
                m.getTrainAccuracy(), m.getValidationLoss(), m.getValidationAccuracy(), m.getBestSoFar() ? "*" : "",
                h.getSequence(), h.getRunId(), enumName(h.getBackend().name()), enumName(h.getTask().name()));
    }

    /** One line per run: epochs seen, best epoch, duplicates and gaps. */
    void printSummary() {
        if (runs.isEmpty()) {
            out.println("no epoch events");
        }
        runs.forEach((id, r) -> out.printf(Locale.ROOT,
                "run %s: %d epochs, best epoch %d (val loss %.6f), %d duplicates, %d gaps%n", id, r.epochs,
                r.bestEpoch, r.bestValidationLoss, r.duplicates, r.gaps));
    }

    /** Duplicates plus gaps over all runs. */
    int anomalies() {
        return runs.values().stream().mapToInt(r -> r.duplicates + r.gaps).sum();
    }

    /** BACKEND_SCRATCH -> scratch. */
    private static String enumName(String name) {
        return name.substring(name.indexOf('_') + 1).toLowerCase(Locale.ROOT);
    }
}
