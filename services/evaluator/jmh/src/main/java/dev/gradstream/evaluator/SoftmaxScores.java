package dev.gradstream.evaluator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Test-split predictions shaped like a trained classifier's: for each sample, logits N(0, 1.5^2) with the
 * true class's raised by a margin drawn uniformly from [0, 24), then a float32 softmax. Small margins give
 * wrong predictions (accuracy about 0.9), large ones saturate the winning probability to exactly 1.0f, and
 * 2% of the rows repeat an earlier row (duplicate inputs), so every class column has ties.
 *
 * @param scores row-major {@code n x numClasses}
 */
record SoftmaxScores(int[] labels, float[] scores, int numClasses) {

    static SoftmaxScores generate(int n, int numClasses, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[n];
        float[] scores = new float[n * numClasses];
        float[] logits = new float[numClasses];
        for (int i = 0; i < n; i++) {
            if (i > 0 && random.nextInt(50) == 0) {
                int from = random.nextInt(i);
                labels[i] = labels[from];
                System.arraycopy(scores, from * numClasses, scores, i * numClasses, numClasses);
                continue;
            }
            labels[i] = random.nextInt(numClasses);
            for (int k = 0; k < numClasses; k++) {
                logits[k] = (float) (1.5 * gaussian(random));
            }
            logits[labels[i]] += (float) random.nextDouble(24);
            softmax(logits, scores, i * numClasses);
        }
        return new SoftmaxScores(labels, scores, numClasses);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(); // (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static void softmax(float[] logits, float[] out, int offset) {
        float max = Float.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        float sum = 0;
        for (int k = 0; k < logits.length; k++) {
            out[offset + k] = (float) Math.exp(logits[k] - max);
            sum += out[offset + k];
        }
        for (int k = 0; k < logits.length; k++) {
            out[offset + k] /= sum;
        }
    }

    /** Distinct scores per class column, on average: how far ties thin the thresholds. */
    double distinctScoresPerClass() {
        int n = labels.length;
        long distinct = 0;
        float[] column = new float[n];
        for (int k = 0; k < numClasses; k++) {
            for (int i = 0; i < n; i++) {
                column[i] = scores[i * numClasses + k];
            }
            Arrays.sort(column);
            for (int i = 0; i < n; i++) {
                distinct += i == 0 || column[i] != column[i - 1] ? 1 : 0;
            }
        }
        return (double) distinct / numClasses;
    }
}
