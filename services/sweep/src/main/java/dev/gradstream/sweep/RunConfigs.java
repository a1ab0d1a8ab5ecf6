package dev.gradstream.sweep;

import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.RunConfig;

/** {@link TrainingConfig} to the v1 {@link RunConfig} message and back, as a sweep job carries it. */
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
     * The training configuration a job asks for.
     *
     * @throws IllegalArgumentException naming the field when the message holds an impossible value
     */
    public static TrainingConfig fromProto(RunConfig c) {
        return new TrainingConfig(c.getHiddenSizesList().stream().mapToInt(Integer::intValue).toArray(),
                c.getLearningRate(), c.getMomentum(), c.getBatchSize(), c.getMaxEpochs(), c.getSeed(),
                c.getValidationFraction(), Precision.parse(c.getPrecision()));
    }

    /** "hidden 128,128 lr 0.01 momentum 0.9 batch 64": how tables and logs name a configuration. */
    public static String describe(RunConfig c) {
        return "hidden " + SweepSpace.widths(c.getHiddenSizesList().stream().mapToInt(Integer::intValue).toArray())
                + " lr " + c.getLearningRate() + " momentum " + c.getMomentum() + " batch " + c.getBatchSize();
    }
}
