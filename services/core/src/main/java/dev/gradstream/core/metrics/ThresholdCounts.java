package dev.gradstream.core.metrics;

import java.util.Arrays;

/**
 * Cumulative true and false positive counts of a one-vs-rest ranking at each distinct score threshold, in
 * decreasing threshold order: the scikit-learn {@code _binary_clf_curve}. Point {@code i} counts the samples
 * whose score is {@code >= thresholds[i]}; tied scores fall into one point, which is what makes ties give
 * diagonal ROC segments. The last point holds every sample, so {@code truePositives[last]} is the number of
 * positives and {@code falsePositives[last]} the number of negatives.
 *
 * <p>Built by one O(n log n) sort of primitive keys (score bits and index packed into a long). {@code -0.0} and
 * {@code 0.0} count as the same score, as in NumPy; NaN scores are rejected.
 */
public record ThresholdCounts(float[] thresholds, long[] truePositives, long[] falsePositives) {

    public static ThresholdCounts of(boolean[] positive, float[] score) {
        int n = score.length;
        if (positive.length != n) {
            throw new IllegalArgumentException(positive.length + " labels but " + n + " scores");
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            float s = score[i];
            if (Float.isNaN(s)) {
                throw new IllegalArgumentException("score at index " + i + " is NaN");
            }
            int bits = Float.floatToIntBits(s == 0f ? 0f : s);
            int ascending = bits ^ ((bits >> 31) & 0x7fffffff); // same order as the floats, as signed ints
            keys[i] = ((long) ~ascending << 32) | i; // ~ reverses the order: sort ascending = scores descending
        }
        Arrays.sort(keys);
        float[] thresholds = new float[n];
        long[] tps = new long[n];
        long[] fps = new long[n];
        int points = 0;
        long tp = 0;
        long fp = 0;
        for (int r = 0; r < n; r++) {
            int i = (int) keys[r];
            if (positive[i]) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = r == n - 1 || score[(int) keys[r + 1]] != score[i];
            if (lastOfTie) {
                thresholds[points] = score[i];
                tps[points] = tp;
                fps[points] = fp;
                points++;
            }
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
