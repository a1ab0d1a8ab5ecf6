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
        if (counts.positives() == 0 || counts.negatives() == 0) {
            return Double.NaN;
        }
        double p = counts.positives();
        double n = counts.negatives();
        double area = 0;
        double fprBefore = 0;
        double tprBefore = 0;
        for (int i = 0; i < counts.size(); i++) {
            double fpr = counts.falsePositives()[i] / n;
            double tpr = counts.truePositives()[i] / p;
            area += (fpr - fprBefore) * (tpr + tprBefore) / 2.0;
            fprBefore = fpr;
            tprBefore = tpr;
        }
        return area;
    }

    /** {@code sum_i (R_i - R_{i-1}) P_i} over the distinct thresholds; NaN without positives. */
    public static double averagePrecision(ThresholdCounts counts) {
        if (counts.positives() == 0) {
            return Double.NaN;
        }
        double p = counts.positives();
        double sum = 0;
        double recallBefore = 0;
        for (int i = 0; i < counts.size(); i++) {
            long tp = counts.truePositives()[i];
            double recall = tp / p;
            double precision = (double) tp / (tp + counts.falsePositives()[i]);
            sum += (recall - recallBefore) * precision;
            recallBefore = recall;
        }
        return sum;
    }

    /**
     * The ROC curve as {@code {fpr, tpr}}, starting at (0, 0), one point per distinct threshold in decreasing
     * threshold order (so both coordinates are non-decreasing). A coordinate whose denominator is 0 (no
     * negatives: fpr; no positives: tpr) is NaN.
     */
    public static double[][] rocCurve(ThresholdCounts counts) {
        int m = counts.size();
        double[] fpr = new double[m + 1];
        double[] tpr = new double[m + 1];
        double n = counts.negatives();
        double p = counts.positives();
        if (n == 0) {
            Arrays.fill(fpr, Double.NaN);
        }
        if (p == 0) {
            Arrays.fill(tpr, Double.NaN);
        }
        for (int i = 0; i < m; i++) {
            if (n > 0) {
                fpr[i + 1] = counts.falsePositives()[i] / n;
            }
            if (p > 0) {
                tpr[i + 1] = counts.truePositives()[i] / p;
            }
        }
        return new double[][] {fpr, tpr};
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
