package dev.gradstream.core.metrics;

/**
 * One class's one-vs-rest curves and areas.
 *
 * @param fpr ROC false positive rates, from (0, 0) through decreasing thresholds (see {@link RankingMetrics#rocCurve})
 * @param tpr ROC true positive rates, same points as {@code fpr}
 * @param recall PR recall in increasing threshold order, ending at 0 (see {@link RankingMetrics#precisionRecallCurve})
 * @param precision PR precision, same points as {@code recall}, ending at 1
 * @param rocAuc NaN when the class has no positives or no negatives
 * @param averagePrecision NaN when the class has no positives
 */
public record ClassCurve(int classIndex, double[] fpr, double[] tpr, double[] recall, double[] precision,
                         double rocAuc, double averagePrecision) {
}
