package dev.gradstream.core.model;

import java.util.Arrays;

/**
 * The shape of a Part I classifier: {@code inputSize -> hidden[0] -> ... -> outputSize}, ReLU between
 * dense layers, softmax + cross-entropy on the output.
 *
 * @param inputSize  features per sample (784 for 28x28 images)
 * @param hidden     widths of the hidden layers, input side first (may be empty: a linear softmax model)
 * @param outputSize number of classes
 * @param precision  float width the backend computes in
 */
public record ModelSpec(int inputSize, int[] hidden, int outputSize, Precision precision) implements NetworkSpec {

    @Override
    public java.util.List<ModelSpec> networks() {
        return java.util.List.of(this);
    }

    @Override
    public Model createOn(Backend backend, ParameterSet initial) {
        return backend.create(this, initial);
    }

    public ModelSpec {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        if (outputSize < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + outputSize);
        }
        hidden = hidden.clone();
        checkWidths("hidden layer", hidden);
        if (precision == null) {
            throw new IllegalArgumentException("precision is required");
        }
    }

    /** @throws IllegalArgumentException naming the first of {@code widths} (1-based) that is not positive */
    static void checkWidths(String what, int[] widths) {
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] <= 0) {
                throw new IllegalArgumentException(what + " " + (i + 1) + " must have a positive width, got " + widths[i]);
            }
        }
    }

    /** Number of dense layers (hidden layers plus the output layer). */
    public int layerCount() {
        return hidden.length + 1;
    }

    /** Fan-in of dense layer {@code layer} (0-based). */
    public int fanIn(int layer) {
        return layer == 0 ? inputSize : hidden[layer - 1];
    }

    /** Fan-out of dense layer {@code layer} (0-based). */
    public int fanOut(int layer) {
        return layer == hidden.length ? outputSize : hidden[layer];
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && s.inputSize == inputSize && Arrays.equals(s.hidden, hidden)
                && s.outputSize == outputSize && s.precision == precision;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * inputSize + Arrays.hashCode(hidden)) + outputSize) + precision.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(inputSize);
        for (int h : hidden) {
            sb.append('-').append(h);
        }
        return sb.append('-').append(outputSize).append(' ').append(precision.label()).toString();
    }
}
