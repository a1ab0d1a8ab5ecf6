package dev.gradstream.core.model;

/**
 * The argument checks every {@link Model} makes, in one place so that every backend refuses the same bad
 * input with the same message.
 */
public final class ModelArguments {

    private ModelArguments() {
    }

    /** @throws IllegalArgumentException naming the offending count, array or label */
    public static void checkBatch(float[] x, int[] labels, int count, int inputSize, int classes) {
        if (count <= 0) {
            throw new IllegalArgumentException("sample count must be positive, got " + count);
        }
        if (x.length < (long) count * inputSize) {
            throw new IllegalArgumentException("x holds " + x.length + " values, need " + count + " x " + inputSize);
        }
        if (labels.length < count) {
            throw new IllegalArgumentException("labels holds " + labels.length + " values, need " + count);
        }
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is not a class in [0, "
                        + classes + ")");
            }
        }
    }

    /** @throws IllegalArgumentException when {@code scoresOut} is given but too short */
    public static void checkScores(float[] scoresOut, int count, int classes) {
        if (scoresOut != null && scoresOut.length < (long) count * classes) {
            throw new IllegalArgumentException("scoresOut holds " + scoresOut.length + " values, need "
                    + count + " x " + classes);
        }
    }

    /** @throws IllegalArgumentException naming the bad learning rate, momentum or statistics array */
    public static void checkUpdate(double learningRate, double momentum, Object[] statsOut, int layers) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (statsOut != null && statsOut.length < layers) {
            throw new IllegalArgumentException("statsOut holds " + statsOut.length + " entries, the model has "
                    + layers + " layers");
        }
    }
}
