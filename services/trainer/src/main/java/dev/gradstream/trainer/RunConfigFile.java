package dev.gradstream.trainer;

import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.training.RunLayout;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.Task;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code config.json}, the one mapping between that file and the program: {@link RunDirectoryListener}
 * writes it when a run starts, {@code gradstream resume} reads it back. The configuration is the v1
 * {@link RunConfig} message of the run-started event (hyperparameters and, for embed, the word net's fields),
 * under the file's own field names:
 * <pre>
 * run_id, backend, task, hidden, learning_rate, momentum, batch_size, max_epochs, seed, validation_fraction,
 * precision, dataset {name, dir, fingerprint, train, validation, test, class_names}, versions {...},
 * and for embed: word_hidden, embed_dim, train_word_net, word_vectors
 * </pre>
 * The report reads some of these names for its tables. Reading is strict: a missing or mistyped field, or an
 * impossible value, fails naming the file and the field; {@code dataset.dir} (null: the bundled data set) and
 * {@code versions} may be absent.
 *
 * @param runId    the run's id
 * @param backend  backend name
 * @param task     task name: classify or embed
 * @param config   hyperparameters and, for embed, the word net's fields
 * @param dataset  the data the run trained on
 * @param versions component versions (gradstream, java, backend), in the order given
 */
public record RunConfigFile(String runId, String backend, String task, RunConfig config, Dataset dataset,
                            Map<String, String> versions) {

    /**
     * @param dir         the data folder as an absolute path, or null for the bundled set
     * @param fingerprint SHA-256 over the images and labels as read (resume refuses data that changed)
     * @param classNames  index = label
     */
    public record Dataset(String name, Path dir, String fingerprint, int train, int validation, int test,
                          List<String> classNames) {

        public Dataset {
            classNames = List.copyOf(classNames);
        }

        /** The data set of {@code data}, loaded from {@code dir} (null: the bundled set). */
        public static Dataset of(DataSplits data, Path dir) {
            return new Dataset(data.name(), dir == null ? null : dir.toAbsolutePath(), data.fingerprint(),
                    data.train().count(), data.validation().count(), data.test().count(), data.classNames());
        }
    }

    public RunConfigFile {
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** The file of a run that starts now: {@code task} trained by {@code backend} with {@code config} on {@code data}. */
    public static RunConfigFile of(String runId, String backend, TaskSpec task, TrainingConfig config, DataSplits data,
                                   Path dataDir, Map<String, String> versions) {
        return new RunConfigFile(runId, backend, task.name(), RunConfigs.toProto(config, task).build(),
                Dataset.of(data, dataDir), versions);
    }

    /** The hyperparameters, validated as a new run's are. */
    public TrainingConfig training() {
        return RunConfigs.fromProto(config);
    }

    /** The task, with the class names' word vectors loaded from the source the file names (embed). */
    public TaskSpec taskSpec(List<String> classNames) {
        return RunConfigs.task(isEmbed() ? Task.TASK_EMBED : Task.TASK_CLASSIFY, config, classNames);
    }

    private boolean isEmbed() {
        return task.equals("embed");
    }

    /** Writes {@code runDir/config.json}. */
    public void write(Path runDir) {
        JsonObject json = new JsonObject()
                .put("run_id", runId)
                .put("backend", backend)
                .put("task", task)
                .put("hidden", new JsonArray(new ArrayList<>(config.getHiddenSizesList())))
                .put("learning_rate", config.getLearningRate())
                .put("momentum", config.getMomentum())
                .put("batch_size", config.getBatchSize())
                .put("max_epochs", config.getMaxEpochs())
                .put("seed", config.getSeed())
                .put("validation_fraction", config.getValidationFraction())
                .put("precision", config.getPrecision())
                .put("dataset", new JsonObject()
                        .put("name", dataset.name())
                        .put("dir", dataset.dir() == null ? null : dataset.dir().toString())
                        .put("fingerprint", dataset.fingerprint())
                        .put("train", dataset.train())
                        .put("validation", dataset.validation())
                        .put("test", dataset.test())
                        .put("class_names", new JsonArray(new ArrayList<>(dataset.classNames()))))
                .put("versions", new JsonObject(new LinkedHashMap<>(versions)));
        if (isEmbed()) {
            json.put("word_hidden", new JsonArray(new ArrayList<>(config.getWordHiddenSizesList())))
                    .put("embed_dim", config.getEmbedDim())
                    .put("train_word_net", config.getTrainWordNet())
                    .put("word_vectors", config.getWordVectorsSource());
        }
        Path file = runDir.resolve(RunLayout.CONFIG);
        try {
            Files.createDirectories(runDir);
            Files.writeString(file, json.encodePrettily() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /**
     * Reads {@code runDir/config.json}.
     *
     * @throws IllegalArgumentException naming the file, and the field where one is missing, mistyped or impossible
     */
    public static RunConfigFile read(Path runDir) {
        Path file = runDir.resolve(RunLayout.CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(runDir + " is not a run directory: no " + RunLayout.CONFIG);
        }
        JsonObject json;
        try {
            json = new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        } catch (DecodeException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonFields top = new JsonFields(file, "", json);
        String task = top.text("task");
        if (!task.equals("classify") && !task.equals("embed")) {
            throw new IllegalArgumentException(file + ": field 'task' must be classify or embed, got '" + task + "'");
        }
        RunConfig.Builder config = RunConfig.newBuilder()
                .addAllHiddenSizes(top.ints("hidden"))
                .setLearningRate(top.number("learning_rate"))
                .setMomentum(top.number("momentum"))
                .setBatchSize(top.integer("batch_size"))
                .setMaxEpochs(top.integer("max_epochs"))
                .setSeed(top.whole("seed"))
                .setValidationFraction(top.number("validation_fraction"))
                .setPrecision(top.text("precision"));
        if (task.equals("embed")) {
            RunConfigs.withWordNet(config, top.ints("word_hidden").stream().mapToInt(Integer::intValue).toArray(),
                    top.integer("embed_dim"), top.bool("train_word_net"), top.text("word_vectors"));
        }
        JsonFields data = top.object("dataset");
        String dir = data.optionalText("dir");
        Dataset dataset = new Dataset(data.text("name"), dir == null ? null : Path.of(dir), data.text("fingerprint"),
                data.integer("train"), data.integer("validation"), data.integer("test"), data.texts("class_names"));
        RunConfigFile read = new RunConfigFile(top.text("run_id"), top.text("backend"), task, config.build(), dataset,
                top.optionalStrings("versions"));
        try {
            read.training(); // an impossible hyperparameter fails here, named, not when the run starts
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return read;
    }
}
