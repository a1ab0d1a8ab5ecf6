package dev.gradstream.report;

import dev.gradstream.core.metrics.ClassCurve;
import java.util.List;
import java.util.TreeSet;

/**
 * Macro-averaged ROC and precision-recall curves for the report's charts, as pure functions over the
 * per-class curves of {@link dev.gradstream.core.metrics.ClassificationMetrics}. The macro AUCs quoted
 * beside them stay the evaluator's (the mean of the per-class areas); these curves are for the eye.
 * <ul>
 *   <li>ROC: on the union of every class's false positive rates, each class's true positive rate is
 *       interpolated linearly (at an FPR where the curve rises vertically, its top); the macro curve is
 *       the mean over classes (scikit-learn's "macro-average ROC curve" example does the same).</li>
 *   <li>PR: on recall 0, 0.01, ..., 1, each class's interpolated precision {@code max precision at
 *       recall >= r} (the precision envelope), averaged over classes.</li>
 * </ul>
 * A class whose curve is undefined (no positive or no negative sample: NaN points) is left out of the
 * mean; when no class is defined the result is empty.
 */
final class MacroCurves {

    /** Points of the macro PR curve. */
    static final int PR_GRID_POINTS = 101;

    private MacroCurves() {
    }

    /** {@code {fpr, tpr}} of the macro ROC curve. */
    static double[][] roc(List<ClassCurve> curves) {
        List<ClassCurve> defined = curves.stream().filter(c -> finite(c.fpr()) && finite(c.tpr()) && c.fpr().length > 0)
                .toList();
        if (defined.isEmpty()) {
            return new double[][] {new double[0], new double[0]};
        }
        TreeSet<Double> grid = new TreeSet<>();
        for (ClassCurve c : defined) {
            for (double f : c.fpr()) {
                grid.add(f);
            }
        }
        double[] x = grid.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = new double[x.length];
        for (ClassCurve c : defined) {
            for (int i = 0; i < x.length; i++) {
                y[i] += interpolateTop(c.fpr(), c.tpr(), x[i]) / defined.size();
            }
        }
        return new double[][] {x, y};
    }

    /** {@code {recall, precision}} of the macro PR curve, recall increasing from 0 to 1. */
    static double[][] precisionRecall(List<ClassCurve> curves) {
        List<ClassCurve> defined = curves.stream()
                .filter(c -> finite(c.recall()) && finite(c.precision()) && c.recall().length > 0).toList();
        if (defined.isEmpty()) {
            return new double[][] {new double[0], new double[0]};
        }
        double[] r = new double[PR_GRID_POINTS];
        double[] p = new double[PR_GRID_POINTS];
        for (int i = 0; i < PR_GRID_POINTS; i++) {
            r[i] = (double) i / (PR_GRID_POINTS - 1);
            for (ClassCurve c : defined) {
                p[i] += envelope(c.recall(), c.precision(), r[i]) / defined.size();
            }
        }
        return new double[][] {r, p};
    }

    /**
     * y at {@code x} on the polyline through ({@code xs}, {@code ys}), xs non-decreasing; where several
     * points share x, the last (highest on a ROC curve) counts. Beyond the ends, the end values.
     */
    static double interpolateTop(double[] xs, double[] ys, double x) {
        int last = -1;
        for (int i = 0; i < xs.length && xs[i] <= x; i++) {
            last = i;
        }
        if (last < 0) {
            return ys[0];
        }
        if (xs[last] == x || last == xs.length - 1) {
            return ys[last];
        }
        double t = (x - xs[last]) / (xs[last + 1] - xs[last]);
        return ys[last] + t * (ys[last + 1] - ys[last]);
    }

    /** The largest precision among points with recall >= {@code r}; 0 when there is none. */
    static double envelope(double[] recall, double[] precision, double r) {
        double best = 0;
        for (int i = 0; i < recall.length; i++) {
            if (recall[i] >= r - 1e-12) {
                best = Math.max(best, precision[i]);
            }
        }
        return best;
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
