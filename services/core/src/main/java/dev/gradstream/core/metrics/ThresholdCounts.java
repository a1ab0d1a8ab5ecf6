package dev.gradstream.core.metrics;

import java.util.Arrays;

/**
 * Cumulative true and false positive counts of a one-vs-rest ranking at each distinct score threshold, in
 * decreasing threshold order: the scikit-learn {@code _binary_clf_curve}. Point {@code i} counts the samples
 * whose score is {@code >= thresholds[i]}; tied scores fall into one point, which is what makes ties give
 * diagonal ROC segments. The last point holds every sample, so {@code truePositives[last]} is the number of
 * positives and {@code falsePositives[last]} the number of negatives.
 *
 * <p>Built by sorting the positives' scores and the negatives' scores apart ({@link FloatRadixSort}, O(n)),
 * then walking both from the top at once: each step takes the next lower score and every sample,
 * positive or negative, that has it. {@code -0.0} and {@code 0.0} count as the same score, as in NumPy; NaN
 * scores are rejected.
 */
public record ThresholdCounts(float[] thresholds, long[] truePositives, long[] falsePositives) {

    public static ThresholdCounts of(boolean[] positive, float[] score) {
        if (positive.length != score.length) {
            throw new IllegalArgumentException(positive.length + " labels but " + score.length + " scores");
        }
        int[] classOf = new int[positive.length]; // one score column: class 0 is the positive one
        for (int i = 0; i < classOf.length; i++) {
            classOf[i] = positive[i] ? 0 : 1;
        }
        return ofClass(classOf, score, 1, 0);
    }

    /**
     * Class {@code k} one-vs-rest on column {@code k} of row-major {@code labels.length x numClasses} scores:
     * row {@code i} is positive when {@code labels[i] == k}.
     */
    static ThresholdCounts ofClass(int[] labels, float[] scores, int numClasses, int k) {
        int n = labels.length;
        int positives = 0;
        for (int label : labels) {
            positives += label == k ? 1 : 0;
        }
        float[] positiveScores = new float[positives];
        float[] negativeScores = new float[n - positives];
        int p = 0;
        int q = 0;
        for (int i = 0; i < n; i++) {
            float s = scores[i * numClasses + k];
            if (Float.isNaN(s)) {
                throw new IllegalArgumentException("score at index " + i + " is NaN");
            }
            if (labels[i] == k) {
                positiveScores[p++] = s;
            } else {
                negativeScores[q++] = s;
            }
        }
        FloatRadixSort.sort(positiveScores);
        FloatRadixSort.sort(negativeScores);
        return fromSorted(positiveScores, negativeScores);
    }

    /** Walks both ascending arrays from their ends: one point per distinct score, highest first. */
    private static ThresholdCounts fromSorted(float[] positiveScores, float[] negativeScores) {
        int n = positiveScores.length + negativeScores.length;
        float[] thresholds = new float[n];
        long[] tps = new long[n];
        long[] fps = new long[n];
        int points = 0;
        int p = positiveScores.length - 1;
        int q = negativeScores.length - 1;
        long tp = 0;
        long fp = 0;
        while (p >= 0 || q >= 0) {
            float t = p < 0 ? negativeScores[q] : q < 0 ? positiveScores[p] : Math.max(positiveScores[p], negativeScores[q]);
            for (; p >= 0 && positiveScores[p] == t; p--) { // == also joins -0.0 to 0.0
                tp++;
            }
            for (; q >= 0 && negativeScores[q] == t; q--) {
                fp++;
            }
            thresholds[points] = t;
            tps[points] = tp;
            fps[points] = fp;
            points++;
        }
        return new ThresholdCounts(Arrays.copyOf(thresholds, points), Arrays.copyOf(tps, points), Arrays.copyOf(fps, points));
    }

    /** The number of distinct thresholds. */
    public int size() {
        return thresholds.length;
    }

    public long positives() {
        return truePositives.length == 0 ? 0 : truePositives[truePositives.length - 1];
    }

    public long negatives() {
        return falsePositives.length == 0 ? 0 : falsePositives[falsePositives.length - 1];
    }
}
