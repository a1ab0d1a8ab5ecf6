package dev.gradstream.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-class classification metrics as pure functions over primitive arrays, with scikit-learn's definitions
 * (independently re-derived in {@code peers/ref_metrics.py}). Scores are row-major {@code n x K}; the
 * prediction for a row is its argmax, the first maximum winning on ties ({@code numpy.argmax}).
 * <ul>
 *   <li>accuracy = (1/n) sum_i [pred_i = y_i]; NaN when n = 0.</li>
 *   <li>per class k, with TP, FP, FN from the confusion matrix: precision = TP / (TP + FP),
 *       recall = TP / (TP + FN), F1 = 2 P R / (P + R); each is 0 when its denominator is 0
 *       ({@code zero_division=0}).</li>
 *   <li>macro = the unweighted mean over all K classes, including classes absent from both labels and
 *       predictions (scikit-learn would drop those unless given {@code labels=range(K)}).</li>
 *   <li>ROC AUC and average precision one-vs-rest per class on column k of the scores (see
 *       {@link RankingMetrics}); macro = unweighted mean over the K classes, so NaN as soon as one class is
 *       undefined: a class absent from the labels (no positives) makes both macros NaN, a class that is the
 *       only one present (no negatives) makes the ROC macro NaN. scikit-learn raises in these cases.</li>
 * </ul>
 */
public final class ClassificationMetrics {

    private ClassificationMetrics() {
    }

    /**
     * Evaluates row-major {@code n x numClasses} scores (probabilities or any monotone scores) against
     * {@code labels}. O(K n): per class, one radix sort of the positives' scores and one of the others' (see
     * {@link ThresholdCounts}), then a few passes over the distinct thresholds.
     *
     * @throws IllegalArgumentException on mismatched sizes, a label outside {@code 0..numClasses-1} or a NaN score
     */
    public static ClassificationReport evaluate(int[] labels, float[] scores, int numClasses) {
        int n = labels.length;
        int[] predicted = argmax(scores, numClasses);
        if (predicted.length != n) {
            throw new IllegalArgumentException(n + " labels but " + predicted.length + " score rows");
        }
        long[] confusion = confusionMatrix(labels, predicted, numClasses);
        double[] precision = precision(confusion, numClasses);
        double[] recall = recall(confusion, numClasses);
        double[] f1 = f1(precision, recall);
        List<ClassCurve> curves = new ArrayList<>(numClasses);
        for (int k = 0; k < numClasses; k++) {
            curves.add(RankingMetrics.classCurve(k, ThresholdCounts.ofClass(labels, scores, numClasses, k)));
        }
        return new ClassificationReport(n, numClasses, accuracy(confusion, numClasses), mean(precision),
                mean(recall), mean(f1), mean(curves.stream().mapToDouble(ClassCurve::rocAuc).toArray()),
                mean(curves.stream().mapToDouble(ClassCurve::averagePrecision).toArray()), confusion, curves);
    }

    /** The index of each row's largest score, the first one on ties. */
    public static int[] argmax(float[] scores, int numClasses) {
        if (numClasses < 1 || scores.length % numClasses != 0) {
            throw new IllegalArgumentException(scores.length + " scores do not form rows of " + numClasses);
        }
        int[] out = new int[scores.length / numClasses];
        for (int i = 0; i < out.length; i++) {
            int base = i * numClasses;
            int best = 0;
            for (int k = 0; k < numClasses; k++) {
                float s = scores[base + k];
                if (Float.isNaN(s)) {
                    throw new IllegalArgumentException("score of row " + i + ", class " + k + " is NaN");
                }
                if (s > scores[base + best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Row-major {@code K x K} counts; row = true class, column = predicted class. */
    public static long[] confusionMatrix(int[] labels, int[] predicted, int numClasses) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
        }
        long[] m = new long[numClasses * numClasses];
        for (int i = 0; i < labels.length; i++) {
            checkClass(labels[i], numClasses, "label", i);
            checkClass(predicted[i], numClasses, "prediction", i);
            m[labels[i] * numClasses + predicted[i]]++;
        }
        return m;
    }

    /** Trace over total; NaN for an empty matrix. */
    public static double accuracy(long[] confusion, int numClasses) {
        long correct = 0;
        long total = 0;
        for (int a = 0; a < numClasses; a++) {
            for (int p = 0; p < numClasses; p++) {
                total += confusion[a * numClasses + p];
            }
            correct += confusion[a * numClasses + a];
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** Per class TP / (TP + FP) (column k), 0 when nothing was predicted as k. */
    public static double[] precision(long[] confusion, int numClasses) {
        return diagonalShares(confusion, numClasses, true);
    }

    /** Per class TP / (TP + FN) (row k), 0 when class k never occurs. */
    public static double[] recall(long[] confusion, int numClasses) {
        return diagonalShares(confusion, numClasses, false);
    }

    /** Per class k: cell (k, k) over the sum of column k ({@code ofColumns}) or of row k; 0 when that sum is 0. */
    private static double[] diagonalShares(long[] confusion, int numClasses, boolean ofColumns) {
        double[] out = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            long sum = 0;
            for (int j = 0; j < numClasses; j++) {
                sum += confusion[ofColumns ? j * numClasses + k : k * numClasses + j];
            }
            out[k] = sum == 0 ? 0.0 : (double) confusion[k * numClasses + k] / sum;
        }
        return out;
    }

    /** Per class 2 P R / (P + R), 0 when P + R = 0. */
    public static double[] f1(double[] precision, double[] recall) {
        double[] out = new double[precision.length];
        for (int k = 0; k < out.length; k++) {
            double sum = precision[k] + recall[k];
            out[k] = sum == 0 ? 0.0 : 2 * precision[k] * recall[k] / sum;
        }
        return out;
    }

    /** Unweighted mean; NaN if any value is NaN or there are none. */
    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private static void checkClass(int c, int numClasses, String what, int index) {
        if (c < 0 || c >= numClasses) {
            throw new IllegalArgumentException(what + " " + c + " at index " + index + " is outside 0.." + (numClasses - 1));
        }
    }
}
