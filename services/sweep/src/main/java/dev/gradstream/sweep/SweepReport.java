package dev.gradstream.sweep;

import dev.gradstream.bus.EventNames;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The table of a finished sweep: one row per job (configuration, best epoch, best validation loss and
 * accuracy, test metrics of the best weights), and the best configuration, chosen by validation loss among
 * the runs that completed. Printed, and written as {@code results.csv} and {@code results.md}.
 *
 * @param results     one per job, in job order
 * @param wallSeconds from publishing the jobs to the last result
 */
public record SweepReport(String sweepId, String backend, String task, List<SweepResult> results,
                          double wallSeconds) {

    public static final String CSV = "results.csv";
    public static final String MARKDOWN = "results.md";

    public SweepReport {
        results = List.copyOf(results);
    }

    /** The completed job with the lowest best validation loss, if any completed. */
    public Optional<SweepResult> best() {
        return results.stream()
                .filter(r -> r.getStatus() == RunStatus.RUN_STATUS_COMPLETED && Double.isFinite(r.getBestValidationLoss()))
                .min(Comparator.comparingDouble(SweepResult::getBestValidationLoss));
    }

    private boolean isBest(SweepResult r) {
        return best().map(b -> b.getJobId().equals(r.getJobId())).orElse(false);
    }

    public void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "sweep %s: %s / %s, %d configurations, %.1f s wall time%n", sweepId, task, backend,
                results.size(), wallSeconds);
        out.printf(Locale.ROOT, "%3s %-12s %7s %5s %5s %-9s %5s %8s %7s %9s %8s %7s %7s %7s %6s%n", "job", "hidden",
                "lr", "mom", "batch", "status", "epoch", "val_loss", "val_acc", "test_loss", "test_acc", "test_f1",
                "roc_auc", "pr_auc", "s");
        for (SweepResult r : results) {
            RunConfig c = r.getConfig();
            out.printf(Locale.ROOT, "%3d %-12s %7s %5s %5d %-9s %5d %8.4f %7.4f %9.4f %8.4f %7.4f %7.4f %7.4f %6.1f%s%n",
                    r.getJobIndex(), hidden(c), num(c.getLearningRate()), num(c.getMomentum()), c.getBatchSize(),
                    EventNames.status(r.getStatus()), r.getBestEpoch(), r.getBestValidationLoss(), r.getBestValidationAccuracy(),
                    r.getTestLoss(), r.getTestAccuracy(), r.getTestF1Macro(), r.getTestRocAucMacro(),
                    r.getTestPrAucMacro(), r.getDurationSeconds(), isBest(r) ? "  <- best" : "");
        }
        best().ifPresentOrElse(b -> out.println("best by validation loss: job " + b.getJobIndex() + " ("
                        + SweepConfigs.describe(b.getConfig()) + "), run " + b.getRunId()),
                () -> out.println("no configuration completed"));
    }

    /** Writes {@link #CSV} and {@link #MARKDOWN} into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CSV), csv());
            Files.writeString(dir.resolve(MARKDOWN), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sweep results in " + dir, e);
        }
    }

    String csv() {
        StringBuilder s = new StringBuilder("job_index,job_id,run_id,hidden,learning_rate,momentum,batch_size,"
                + "max_epochs,status,best_epoch,best_validation_loss,best_validation_accuracy,test_loss,test_accuracy,"
                + "test_f1_macro,test_roc_auc_macro,test_pr_auc_macro,duration_seconds,worker,best,run_dir\n");
        for (SweepResult r : results) {
            RunConfig c = r.getConfig();
            s.append(r.getJobIndex()).append(',').append(r.getJobId()).append(',').append(r.getRunId()).append(",\"")
                    .append(hidden(c)).append("\",").append(c.getLearningRate()).append(',').append(c.getMomentum())
                    .append(',').append(c.getBatchSize()).append(',').append(c.getMaxEpochs()).append(',')
                    .append(EventNames.status(r.getStatus())).append(',').append(r.getBestEpoch()).append(',')
                    .append(r.getBestValidationLoss()).append(',').append(r.getBestValidationAccuracy()).append(',')
                    .append(r.getTestLoss()).append(',').append(r.getTestAccuracy()).append(',')
                    .append(r.getTestF1Macro()).append(',').append(r.getTestRocAucMacro()).append(',')
                    .append(r.getTestPrAucMacro()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.getDurationSeconds())).append(',')
                    .append(r.getWorker()).append(',').append(isBest(r)).append(",\"").append(r.getRunDir())
                    .append("\"\n");
        }
        return s.toString();
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Sweep `%s`: task %s, backend %s, %d configurations, %.1f s wall time."
                + " Test metrics are those of each run's best epoch (lowest validation loss); macro averages.%n%n",
                sweepId, task, backend, results.size(), wallSeconds));
        s.append("| job | hidden | lr | momentum | batch | status | best epoch | val loss | val acc | test loss "
                + "| test acc | test F1 | test ROC AUC | test PR AUC |\n");
        s.append("|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SweepResult r : results) {
            RunConfig c = r.getConfig();
            String b = isBest(r) ? "**" : "";
            s.append(String.format(Locale.ROOT,
                    "| %s%d%s | %s | %s | %s | %d | %s | %d | %s%.4f%s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n",
                    b, r.getJobIndex(), b, hidden(c), num(c.getLearningRate()), num(c.getMomentum()),
                    c.getBatchSize(), EventNames.status(r.getStatus()), r.getBestEpoch(), b, r.getBestValidationLoss(), b,
                    r.getBestValidationAccuracy(), r.getTestLoss(), r.getTestAccuracy(), r.getTestF1Macro(),
                    r.getTestRocAucMacro(), r.getTestPrAucMacro()));
        }
        best().ifPresent(r -> s.append(String.format(Locale.ROOT,
                "%nBest by validation loss (bold): job %d, %s: validation loss %.4f, accuracy %.4f; test accuracy %.4f,"
                        + " F1 %.4f.%n", r.getJobIndex(), SweepConfigs.describe(r.getConfig()), r.getBestValidationLoss(),
                r.getBestValidationAccuracy(), r.getTestAccuracy(), r.getTestF1Macro())));
        return s.toString();
    }

    private static String hidden(RunConfig c) {
        return SweepSpace.widths(c.getHiddenSizesList().stream().mapToInt(Integer::intValue).toArray());
    }

    /** 0.01 rather than 1.0E-2. */
    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
