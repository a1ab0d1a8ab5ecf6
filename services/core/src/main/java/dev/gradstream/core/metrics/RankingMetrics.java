package dev.gradstream.core.metrics;

import java.util.Arrays;

/**
 * Binary ranking metrics over {@link ThresholdCounts}, with scikit-learn's definitions. With P positives, N
 * negatives and, at the i-th distinct threshold (decreasing), TP_i and FP_i samples scored at or above it:
 * <ul>
 *   <li>ROC curve: the points (FP_i / N, TP_i / P), preceded by (0, 0); no intermediate point is dropped.
 *       ROC AUC = trapezoid sum over it. Undefined (NaN) when P = 0 or N = 0 (scikit-learn raises).</li>
 *   <li>Precision-recall: precision_i = TP_i / (TP_i + FP_i), recall_i = TP_i / P. Average precision
 *       AP = sum_i (R_i - R_{i-1}) P_i with R_{-1} = 0 (a step sum, not a trapezoid). Undefined (NaN) when
 *       P = 0; scikit-learn returns 0 with a warning there, we return NaN so that a macro mean over a class that
 *       never occurs is visibly undefined rather than silently lowered.</li>
 * </ul>
 * Constant scores give one threshold: ROC AUC 0.5 and AP = P / (P + N), the prevalence.
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    public static double rocAuc(boolean[] positive, float[] score) {
        return rocAuc(ThresholdCounts.of(positive, score));
    }

    public static double averagePrecision(boolean[] positive, float[] score) {
        return averagePrecision(ThresholdCounts.of(positive, score));
    }

    /** Trapezoid area under {@link #rocCurve}; NaN without positives or without negatives. */
    public static double rocAuc(ThresholdCounts counts) {
        return rocAuc(counts, rocCurve(counts));
    }

    /** {@code sum_i (R_i - R_{i-1}) P_i} over the distinct thresholds; NaN without positives. */
    public static double averagePrecision(ThresholdCounts counts) {
        return averagePrecision(counts, precisionRecallCurve(counts));
    }

    /** One class's curves and both areas, each curve computed once. */
    static ClassCurve classCurve(int classIndex, ThresholdCounts counts) {
        double[][] roc = rocCurve(counts);
        double[][] pr = precisionRecallCurve(counts);
        return new ClassCurve(classIndex, roc[0], roc[1], pr[0], pr[1], rocAuc(counts, roc), averagePrecision(counts, pr));
    }

    /** The trapezoid sum over {@code roc = rocCurve(counts)}. */
    private static double rocAuc(ThresholdCounts counts, double[][] roc) {
        if (counts.positives() == 0 || counts.negatives() == 0) {
            return Double.NaN;
        }
        double[] fpr = roc[0];
        double[] tpr = roc[1];
        double area = 0;
        for (int i = 1; i < fpr.length; i++) {
            area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2.0;
        }
        return area;
    }

    /** The step sum over {@code pr = precisionRecallCurve(counts)}, from its highest threshold down. */
    private static double averagePrecision(ThresholdCounts counts, double[][] pr) {
        if (counts.positives() == 0) {
            return Double.NaN;
        }
        double[] recall = pr[0];
        double[] precision = pr[1];
        double sum = 0;
        for (int i = recall.length - 2; i >= 0; i--) { // recall[last] = 0 stands for R_{-1}
            sum += (recall[i] - recall[i + 1]) * precision[i];
        }
        return sum;
    }

    /**
     * The ROC curve as {@code {fpr, tpr}}, starting at (0, 0), one point per distinct threshold in decreasing
     * threshold order (so both coordinates are non-decreasing). A coordinate whose denominator is 0 (no
     * negatives: fpr; no positives: tpr) is NaN.
     */
    public static double[][] rocCurve(ThresholdCounts counts) {
        return new double[][] {rates(counts.falsePositives(), counts.negatives()),
                rates(counts.truePositives(), counts.positives())};
    }

    /** {@code {0, cumulative[0] / total, ..., cumulative[last] / total}}; all NaN when {@code total} is 0. */
    private static double[] rates(long[] cumulative, long total) {
        double[] out = new double[cumulative.length + 1];
        if (total == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        double denominator = total;
        for (int i = 0; i < cumulative.length; i++) {
            // A count unchanged since the previous threshold has the same rate: one division fewer.
            out[i + 1] = i > 0 && cumulative[i] == cumulative[i - 1] ? out[i] : cumulative[i] / denominator;
        }
        return out;
    }

    /**
     * The precision-recall curve as {@code {recall, precision}}, as scikit-learn's
     * {@code precision_recall_curve} gives it: one point per distinct threshold in increasing threshold order
     * (recall non-increasing), then the final point (recall 0, precision 1). Without positives recall is 1 at
     * every threshold, as in scikit-learn.
     */
    public static double[][] precisionRecallCurve(ThresholdCounts counts) {
        int m = counts.size();
        double[] recall = new double[m + 1];
        double[] precision = new double[m + 1];
        double p = counts.positives();
        for (int i = 0; i < m; i++) {
            int from = m - 1 - i; // reverse: increasing threshold
            long tp = counts.truePositives()[from];
            recall[i] = p == 0 ? 1.0 : tp / p;
            precision[i] = (double) tp / (tp + counts.falsePositives()[from]);
        }
        recall[m] = 0.0;
        precision[m] = 1.0;
        return new double[][] {recall, precision};
    }
}
