package dev.gradstream.core.compare;

import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two backends' gradients tensor by tensor (each layer's weights and biases), as pure maths.
 * For tensors a (reference) and b:
 * <ul>
 *   <li>max absolute difference = max_i |a_i - b_i|</li>
 *   <li>max relative difference = max_i |a_i - b_i| / max(|a_i|, |b_i|, {@link #RELATIVE_FLOOR}); the floor
 *       keeps entries that are zero in both (dead ReLU units) from dividing by zero</li>
 *   <li>scaled difference = max_i |a_i - b_i| / max_i max(|a_i|, |b_i|): the largest difference relative to
 *       the tensor's largest entry. In float32 the element-wise relative difference is dominated by
 *       entries near zero (sums of terms that nearly cancel, rounded in two different summation orders),
 *       so the scaled difference is the meaningful float32 bound.</li>
 *   <li>cosine = a.b / (|a| |b|); 1 when both are all zero, 0 when exactly one is</li>
 *   <li>the L2 norms |a| and |b|</li>
 * </ul>
 */
public final class GradientComparison {

    /** Denominator floor of the relative difference. */
    public static final double RELATIVE_FLOOR = 1e-12;

    /**
     * One tensor's comparison.
     *
     * @param layer  0-based dense layer
     * @param tensor "weight" or "bias"
     */
    public record Row(int layer, String tensor, double maxAbsDiff, double maxRelDiff, double scaledDiff,
                      double cosine, double normA, double normB) {
    }

    private GradientComparison() {
    }

    /** One row per tensor, in layer order (weight then bias); shapes must match. */
    public static List<Row> compare(ParameterSet a, ParameterSet b) {
        if (a.tensors().size() != b.tensors().size()) {
            throw new IllegalArgumentException("cannot compare " + a.tensors().size() + " tensors with "
                    + b.tensors().size());
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < a.tensors().size(); i++) {
            rows.add(compare(i / 2, i % 2 == 0 ? "weight" : "bias", a.tensors().get(i), b.tensors().get(i)));
        }
        return rows;
    }

    static Row compare(int layer, String kind, Tensor ta, Tensor tb) {
        if (ta.rows() != tb.rows() || ta.cols() != tb.cols()) {
            throw new IllegalArgumentException(ta.name() + ": shape " + ta.rows() + "x" + ta.cols() + " vs "
                    + tb.rows() + "x" + tb.cols());
        }
        double[] x = ta.values();
        double[] y = tb.values();
        double maxAbs = 0;
        double maxRel = 0;
        double dot = 0;
        double nx = 0;
        double ny = 0;
        double maxMagnitude = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - y[i]);
            if (Double.isNaN(d)) {
                maxAbs = Double.NaN;
                maxRel = Double.NaN;
                break;
            }
            maxAbs = Math.max(maxAbs, d);
            maxMagnitude = Math.max(maxMagnitude, Math.max(Math.abs(x[i]), Math.abs(y[i])));
            maxRel = Math.max(maxRel, d / Math.max(Math.max(Math.abs(x[i]), Math.abs(y[i])), RELATIVE_FLOOR));
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        double cosine = nx == 0 && ny == 0 ? 1 : nx == 0 || ny == 0 ? 0 : dot / (Math.sqrt(nx) * Math.sqrt(ny));
        double scaled = Double.isNaN(maxAbs) ? Double.NaN : maxMagnitude > 0 ? maxAbs / maxMagnitude : 0;
        return new Row(layer, kind, maxAbs, maxRel, scaled, cosine, Math.sqrt(nx), Math.sqrt(ny));
    }
}
