package dev.gradstream.scratch;

/**
 * Softmax over each row of the logits followed by the mean cross-entropy against integer labels.
 *
 * <p>Forward subtracts the row maximum before exponentiating and clips the true class's probability at
 * {@link #MIN_PROBABILITY} inside the logarithm, so the loss stays finite. Backward returns
 * {@code dL/dz = (p - onehot(y)) / m}, the gradient of the unclipped loss (the clip only guards the value,
 * as in the reference numpy assignment and log-softmax libraries). The arithmetic runs in double whatever
 * the array precision; the probabilities are stored in the array precision.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class SoftmaxCrossEntropy<A> {

    static final double MIN_PROBABILITY = 1e-15;

    private final Kernels<A> kernels;
    private final int classes;
    private final Batch<A> probabilities;
    private final Batch<A> logitGrad;
    private final double[] rowExp;
    private A lastProbabilities;
    private int[] lastLabels;
    private int lastLabelOffset;
    private int lastCorrect;
    private double lastLossSum;

    SoftmaxCrossEntropy(Kernels<A> kernels, int classes) {
        this.kernels = kernels;
        this.classes = classes;
        this.probabilities = new Batch<>(kernels, classes);
        this.logitGrad = new Batch<>(kernels, classes);
        this.rowExp = new double[classes];
    }

    /**
     * Mean loss of {@code m} rows of {@code logits} against {@code labels[labelOffset ..]}; also counts
     * argmax hits ({@link #correct()}).
     */
    double forward(A logits, int[] labels, int labelOffset, int m) {
        A p = probabilities.forRows(m);
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < m; i++) {
            int row = i * classes;
            int best = 0;
            double max = kernels.get(logits, row);
            for (int c = 1; c < classes; c++) {
                double z = kernels.get(logits, row + c);
                if (z > max) {
                    max = z;
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                rowExp[c] = Math.exp(kernels.get(logits, row + c) - max);
                sum += rowExp[c];
            }
            for (int c = 0; c < classes; c++) {
                kernels.set(p, row + c, rowExp[c] / sum);
            }
            double trueProbability = rowExp[labels[labelOffset + i]] / sum;
            lossSum -= Math.log(Math.max(trueProbability, MIN_PROBABILITY));
            if (best == labels[labelOffset + i]) {
                correct++;
            }
        }
        lastProbabilities = p;
        lastLabels = labels;
        lastLabelOffset = labelOffset;
        lastCorrect = correct;
        lastLossSum = lossSum;
        return lossSum / m;
    }

    /** Samples of the last forward whose highest logit was the label (first maximum wins ties). */
    int correct() {
        return lastCorrect;
    }

    /** The sum (not the mean) of the last forward's losses. */
    double lossSum() {
        return lastLossSum;
    }

    /** Softmax probabilities of the last forward, {@code m x classes}. */
    A probabilities() {
        return lastProbabilities;
    }

    /** {@code dL/dz = (p - onehot(y)) / m} for the last forward. */
    A backward(int m) {
        return backward(m, m);
    }

    /**
     * For the last forward's {@code m} rows, part of a batch of {@code batchRows}: the gradient of the batch's
     * mean loss, {@code (p - onehot(y)) / batchRows}.
     */
    A backward(int m, int batchRows) {
        A d = logitGrad.forRows(m);
        for (int i = 0; i < m; i++) {
            int row = i * classes;
            for (int c = 0; c < classes; c++) {
                double target = c == lastLabels[lastLabelOffset + i] ? 1.0 : 0.0;
                kernels.set(d, row + c, (kernels.get(lastProbabilities, row + c) - target) / batchRows);
            }
        }
        return d;
    }
}
