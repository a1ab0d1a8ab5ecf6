package dev.gradstream.trainer;

import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.compare.GradientComparison;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.BatchOrder;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.TensorComparison;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The assignment's gradient check between backends: both start from identical Kaiming weights (drawn
 * from the run's seed), take the identical first mini-batch of epoch 1, and their gradients are compared
 * tensor by tensor, in float32 and in float64. Results go to an event, a table on the console and
 * {@code gradient_comparison.csv} / {@code .md} in the given directory.
 */
public final class FirstIterationComparison {

    /** The comparison of one precision. */
    public record Result(Precision precision, double lossReference, double lossOther,
                         List<GradientComparison.Row> rows) {
    }

    private FirstIterationComparison() {
    }

    /** Compares {@code other} against {@code reference} in each precision. */
    public static List<Result> run(String reference, String other, TaskSpec task, TrainingConfig config,
                                   DataSplits data, List<Precision> precisions) {
        int n = Math.min(config.batchSize(), data.train().count());
        int[] order = new BatchOrder(data.train().count(), config.seed()).nextEpoch();
        float[] x = new float[n * data.features()];
        int[] y = new int[n];
        data.train().gather(order, 0, n, x, y);
        List<Result> results = new ArrayList<>();
        for (Precision precision : precisions) {
            ParameterSet init = task.initialParameters(config.hidden(), data.features(), data.numClasses(), precision,
                    config.seed());
            try (Model a = task.create(Backends.byName(reference), config.hidden(), data.features(),
                    data.numClasses(), precision, init);
                 Model b = task.create(Backends.byName(other), config.hidden(), data.features(),
                    data.numClasses(), precision, init)) {
                double lossA = a.computeGradients(x, y, n);
                double lossB = b.computeGradients(x, y, n);
                results.add(new Result(precision, lossA, lossB, GradientComparison.compare(a.gradients(), b.gradients())));
            }
        }
        return results;
    }

    /** Publishes one GradientComparison event per precision on {@code channel}. */
    public static void publish(RunChannel channel, String reference, String other, int batchSize,
                               List<Result> results) {
        for (Result r : results) {
            var event = dev.gradstream.events.v1.GradientComparison.newBuilder()
                    .setReferenceBackend(EventEnums.backend(reference))
                    .setOtherBackend(EventEnums.backend(other))
                    .setPrecision(r.precision().label())
                    .setBatchSize(batchSize)
                    .setLossReference(r.lossReference())
                    .setLossOther(r.lossOther());
            for (GradientComparison.Row row : r.rows()) {
                event.addTensors(TensorComparison.newBuilder().setLayer(row.layer()).setTensor(row.tensor())
                        .setMaxAbsDiff(row.maxAbsDiff()).setMaxRelDiff(row.maxRelDiff())
                        .setScaledDiff(row.scaledDiff()).setCosine(row.cosine())
                        .setNormReference(row.normA()).setNormOther(row.normB()));
            }
            channel.emit(Event.newBuilder().setGradientComparison(event));
        }
        channel.flush();
    }

    /** The table as Markdown (also printed on the console). */
    public static String markdown(String reference, String other, List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| precision | layer | tensor | max abs diff | max rel diff | scaled diff "
                + "| cosine | norm %s | norm %s |%n|---|---|---|---|---|---|---|---|---|%n", reference, other));
        for (Result r : results) {
            for (GradientComparison.Row row : r.rows()) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3e | %.3e | %.3e | %.12f | %.6e | %.6e |%n",
                        r.precision().label(), row.layer(), row.tensor(), row.maxAbsDiff(), row.maxRelDiff(),
                        row.scaledDiff(), row.cosine(), row.normA(), row.normB()));
            }
        }
        return sb.toString();
    }

    /** Writes gradient_comparison.csv and gradient_comparison.md into {@code dir}. */
    public static void write(Path dir, String reference, String other, List<Result> results) {
        StringBuilder csv = new StringBuilder("precision,layer,tensor,max_abs_diff,max_rel_diff,scaled_diff,cosine,norm_"
                + reference + ",norm_" + other + ",loss_" + reference + ",loss_" + other + "\n");
        for (Result r : results) {
            for (GradientComparison.Row row : r.rows()) {
                csv.append(r.precision().label()).append(',').append(row.layer()).append(',').append(row.tensor())
                        .append(',').append(row.maxAbsDiff()).append(',').append(row.maxRelDiff()).append(',')
                        .append(row.scaledDiff()).append(',').append(row.cosine()).append(',').append(row.normA()).append(',').append(row.normB())
                        .append(',').append(r.lossReference()).append(',').append(r.lossOther()).append('\n');
            }
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("gradient_comparison.csv"), csv);
            Files.writeString(dir.resolve("gradient_comparison.md"), markdown(reference, other, results));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the gradient comparison to " + dir, e);
        }
    }

    /** Prints the table with a one-line verdict per precision against the targets. */
    public static void print(PrintStream out, String reference, String other, List<Result> results) {
        out.printf(Locale.ROOT, "first-iteration gradients, %s vs %s (identical weights and first mini-batch):%n",
                other, reference);
        out.print(markdown(reference, other, results));
        for (Result r : results) {
            double worst = r.rows().stream().mapToDouble(GradientComparison.Row::maxRelDiff).max().orElse(0);
            double scaled = r.rows().stream().mapToDouble(GradientComparison.Row::scaledDiff).max().orElse(0);
            double target = r.precision() == Precision.FLOAT64 ? 1e-10 : 1e-4;
            out.printf(Locale.ROOT, "%s: largest element-wise relative difference %.3e, largest scaled difference %.3e "
                    + "(target <= %.0e); losses %.12f vs %.12f%n", r.precision().label(), worst, scaled, target,
                    r.lossReference(), r.lossOther());
        }
    }
}
