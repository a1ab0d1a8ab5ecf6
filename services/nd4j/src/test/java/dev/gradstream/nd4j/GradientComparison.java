package dev.gradstream.nd4j;

import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Layer-by-layer comparison of two backends' gradients (or any two {@link ParameterSet}s of one shape).
 *
 * <p>Per tensor:
 * <ul>
 *   <li>max absolute difference {@code max_i |a_i - b_i|};
 *   <li>max relative difference, element by element: {@code max_i |a_i - b_i| / max(|a_i|, |b_i|, FLOOR)}
 *       with {@code FLOOR = 1e-12}, so that two exact zeros compare as 0. Strict: an element that is a
 *       near-zero sum of larger terms (cancellation) shows the rounding of those terms, not its own size;
 *   <li>scaled difference: {@code max_i |a_i - b_i| / max_i max(|a_i|, |b_i|)}, the largest difference
 *       relative to the tensor's largest magnitude (0 when both are all zeros), which is what float32
 *       rounding bounds;
 *   <li>cosine {@code a.b / (||a|| ||b||)} (1 when both are all zeros, 0 when only one is).
 * </ul>
 *
 * <p>Pure functions over the values; meant to move to core, next to the other engine-neutral maths.
 */
final class GradientComparison {

    static final double FLOOR = 1e-12;

    /** One tensor's comparison. */
    record Row(String tensor, int size, double maxAbsDiff, double maxRelDiff, double scaledDiff, double cosine) {
    }

    private GradientComparison() {
    }

    /** Compares {@code a} and {@code b} tensor by tensor (names from {@code a}). */
    static List<Row> compare(ParameterSet a, ParameterSet b) {
        if (a.tensors().size() != b.tensors().size()) {
            throw new IllegalArgumentException("tensor counts differ: " + a.tensors().size() + " vs "
                    + b.tensors().size());
        }
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < a.tensors().size(); t++) {
            rows.add(compare(a.tensors().get(t), b.tensors().get(t)));
        }
        return rows;
    }

    static Row compare(Tensor a, Tensor b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(a.name() + ": shape " + a.rows() + "x" + a.cols() + " vs "
                    + b.rows() + "x" + b.cols());
        }
        double[] x = a.values();
        double[] y = b.values();
        double maxAbs = 0, maxRel = 0, maxMagnitude = 0, dot = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.length; i++) {
            double diff = Math.abs(x[i] - y[i]);
            maxAbs = Math.max(maxAbs, diff);
            maxRel = Math.max(maxRel, relativeDiff(x[i], y[i]));
            maxMagnitude = Math.max(maxMagnitude, Math.max(Math.abs(x[i]), Math.abs(y[i])));
            dot += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }
        if (Double.isNaN(maxAbs)) {
            throw new IllegalArgumentException(a.name() + ": NaN in the gradients");
        }
        double cosine = xx == 0 && yy == 0 ? 1.0 : xx == 0 || yy == 0 ? 0.0 : dot / Math.sqrt(xx * yy);
        double scaled = maxMagnitude > 0 ? maxAbs / maxMagnitude : 0.0;
        return new Row(a.name(), x.length, maxAbs, maxRel, scaled, cosine);
    }

    /** {@code |a - b| / max(|a|, |b|, FLOOR)}; NaN when either is NaN. */
    static double relativeDiff(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), FLOOR);
    }

    /** Largest element-wise relative difference over {@code rows}. */
    static double worstRelative(List<Row> rows) {
        return rows.stream().mapToDouble(Row::maxRelDiff).max().orElse(0);
    }

    /** Largest scaled difference over {@code rows}. */
    static double worstScaled(List<Row> rows) {
        return rows.stream().mapToDouble(Row::scaledDiff).max().orElse(0);
    }

    /** A fixed-width text table, one line per tensor. */
    static String table(String title, List<Row> rows) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        sb.append(String.format(Locale.ROOT, "%-14s %8s %13s %13s %13s %20s%n", "tensor", "size", "max abs diff",
                "max rel diff", "scaled diff", "cosine"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-14s %8d %13.3e %13.3e %13.3e %20.17f%n", r.tensor(), r.size(),
                    r.maxAbsDiff(), r.maxRelDiff(), r.scaledDiff(), r.cosine()));
        }
        return sb.toString();
    }
}
