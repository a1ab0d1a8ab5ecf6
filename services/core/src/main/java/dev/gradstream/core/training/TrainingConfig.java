package dev.gradstream.core.training;

import dev.gradstream.core.model.Precision;
import java.util.Arrays;

/**
 * Hyperparameters of one run. The constructor refuses impossible values with a message naming the field.
 *
 * @param hidden             widths of the hidden layers (each > 0)
 * @param learningRate       lr > 0, finite
 * @param momentum           mu in [0, 1)
 * @param batchSize          > 0
 * @param maxEpochs          > 0
 * @param seed               drives init, splits and shuffling
 * @param validationFraction share of the training pool held out for validation, in (0, 1)
 * @param precision          float32 or float64
 */
public record TrainingConfig(int[] hidden, double learningRate, double momentum, int batchSize, int maxEpochs,
                             long seed, double validationFraction, Precision precision) {

    /** The assignment's Part I defaults: 3 x 128, lr 0.01, mu 0.9, batch 64. */
    public static TrainingConfig defaults() {
        TaskSpec.Defaults classify = TaskSpec.defaults("classify");
        return new TrainingConfig(classify.hidden(), classify.learningRate(), 0.9, 64, 100, 42, 0.2, Precision.FLOAT32);
    }

    public TrainingConfig {
        hidden = hidden.clone();
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] <= 0) {
                throw new IllegalArgumentException("hidden layer " + (i + 1) + " width must be positive, got "
                        + hidden[i]);
            }
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (maxEpochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + maxEpochs);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision is required");
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(hidden, learningRate, momentum, batchSize, epochs, seed, validationFraction,
                precision);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && Arrays.equals(c.hidden, hidden) && c.learningRate == learningRate
                && c.momentum == momentum && c.batchSize == batchSize && c.maxEpochs == maxEpochs
                && c.seed == seed && c.validationFraction == validationFraction && c.precision == precision;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31 + Double.hashCode(learningRate) * 17 + batchSize;
    }

    @Override
    public String toString() {
        return "hidden=" + Arrays.toString(hidden) + " lr=" + learningRate + " momentum=" + momentum
                + " batch=" + batchSize + " epochs=" + maxEpochs + " seed=" + seed
                + " validation=" + validationFraction + " " + precision.label();
    }
}
