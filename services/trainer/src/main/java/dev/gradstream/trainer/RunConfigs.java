package dev.gradstream.trainer;

import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.RunConfig;

/** {@link TrainingConfig} to the v1 {@link RunConfig} message and back (run-started events, sweep jobs). */
public final class RunConfigs {

    private RunConfigs() {
    }

    /** The hyperparameters of {@code config}; the Part II word-net fields are left for the caller. */
    public static RunConfig.Builder toProto(TrainingConfig config) {
        RunConfig.Builder b = RunConfig.newBuilder()
                .setLearningRate(config.learningRate())
                .setMomentum(config.momentum())
                .setBatchSize(config.batchSize())
                .setMaxEpochs(config.maxEpochs())
                .setSeed(config.seed())
                .setValidationFraction(config.validationFraction())
                .setPrecision(config.precision().label());
        for (int h : config.hidden()) {
            b.addHiddenSizes(h);
        }
        return b;
    }

    /**
     * The training configuration a message asks for.
     *
     * @throws IllegalArgumentException naming the field when the message holds an impossible value
     */
    public static TrainingConfig fromProto(RunConfig c) {
        return new TrainingConfig(c.getHiddenSizesList().stream().mapToInt(Integer::intValue).toArray(),
                c.getLearningRate(), c.getMomentum(), c.getBatchSize(), c.getMaxEpochs(), c.getSeed(),
                c.getValidationFraction(), Precision.parse(c.getPrecision()));
    }
}
