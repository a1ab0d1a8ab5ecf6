package dev.gradstream.trainer;

import dev.gradstream.core.data.ClassEmbeddings;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.events.v1.Task;
import java.nio.file.Path;
import java.util.List;

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

    /** The whole configuration of a run of {@code task}: hyperparameters and, for embed, the word net's fields. */
    public static RunConfig.Builder toProto(TrainingConfig config, TaskSpec task) {
        RunConfig.Builder b = toProto(config);
        if (task instanceof TaskSpec.Embed embed) {
            withWordNet(b, embed.wordHidden(), embed.embedDim(), embed.trainWordNet(), embed.source());
        }
        return b;
    }

    /** Sets the Part II word-net fields: hidden widths, embedding size, whether it trains, its vectors' source. */
    public static RunConfig.Builder withWordNet(RunConfig.Builder b, int[] hidden, int embedDim, boolean train,
                                                String vectorsSource) {
        for (int h : hidden) {
            b.addWordHiddenSizes(h);
        }
        return b.setEmbedDim(embedDim).setTrainWordNet(train).setWordVectorsSource(vectorsSource);
    }

    /**
     * The task a message asks for: classify, or embed with the class names' word vectors loaded from the source
     * it names (the bundled vectors when it names none or a classpath resource).
     */
    public static TaskSpec task(Task task, RunConfig c, List<String> classNames) {
        if (task != Task.TASK_EMBED) {
            return new TaskSpec.Classify();
        }
        String source = c.getWordVectorsSource();
        ClassEmbeddings words = ClassEmbeddings.load(classNames,
                source.isEmpty() || source.startsWith("classpath:") ? null : Path.of(source));
        return new TaskSpec.Embed(c.getWordHiddenSizesList().stream().mapToInt(Integer::intValue).toArray(),
                c.getEmbedDim(), words.dimension(), words.vectors(), c.getTrainWordNet(), words.source());
    }
}
