package dev.gradstream.trainer;

import dev.gradstream.core.training.RunLayout;

import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.training.BatchRecord;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.Split;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the run directory: {@code config.json} at the start ({@link RunConfigFile}), {@code epochs.csv} and
 * {@code batches.csv} as the run goes (flushed each epoch), {@code test_predictions.csv} (label and one
 * score per class, the input format of scikit-learn-style checkers) and {@code outcome.json} at the end.
 * The loop itself writes {@code checkpoint.bin}. A run that ends by an exception rather than through
 * {@link #onRunEnd} (an event that could not be delivered) gets its {@code outcome.json} from
 * {@link #onRunFailed}.
 */
public final class RunDirectoryListener implements TrainingListener {

    public static final String CONFIG = RunLayout.CONFIG;
    public static final String EPOCHS = RunLayout.EPOCHS;
    public static final String BATCHES = RunLayout.BATCHES;
    public static final String TEST_PREDICTIONS = RunLayout.TEST_PREDICTIONS;
    public static final String OUTCOME = RunLayout.OUTCOME;
    public static final String CHECKPOINT = RunLayout.CHECKPOINT;

    private final Path dir;
    private final String runId;
    private final String backend;
    private final TaskSpec task;
    private final Path dataDir;
    private final Map<String, String> versions;
    private BufferedWriter epochs;
    private BufferedWriter batches;
    private int epochsCompleted;
    private int bestEpoch;
    private double bestValidationLoss = Double.NaN;

    /** A run on the bundled data set (no data folder to record). */
    public RunDirectoryListener(Path dir, String runId, String backend, TaskSpec task, Map<String, String> versions) {
        this(dir, runId, backend, task, null, versions);
    }

    public RunDirectoryListener(Path dir, String runId, String backend, TaskSpec task, Path dataDir,
                                Map<String, String> versions) {
        this.dataDir = dataDir;
        this.dir = dir;
        this.runId = runId;
        this.backend = backend;
        this.task = task;
        this.versions = new java.util.LinkedHashMap<>(versions);
    }

    @Override
    public void onRunStart(TrainingConfig config, DataSplits data) {
        try {
            RunConfigFile.of(runId, backend, task, config, data, dataDir, versions).write(dir);
            epochs = Files.newBufferedWriter(dir.resolve(EPOCHS));
            epochs.write("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,"
                    + "duration_seconds,samples_per_second,best\n");
            batches = Files.newBufferedWriter(dir.resolve(BATCHES));
            StringBuilder header = new StringBuilder("epoch,batch,step,loss,batch_size");
            int layers = config.hidden().length + 1
                    + (task instanceof TaskSpec.Embed embed ? embed.wordHidden().length + 1 : 0);
            for (int l = 0; l < layers; l++) {
                header.append(",layer").append(l).append("_grad_l2_norm,layer").append(l)
                        .append("_grad_mean_abs,layer").append(l).append("_grad_max_abs,layer").append(l)
                        .append("_update_ratio");
            }
            batches.write(header.append('\n').toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run directory " + dir, e);
        }
    }

    /** Keeps the curves of the epochs the resumed run is built on, drops the interrupted epoch's lines. */
    @Override
    public void onRunResumed(TrainingConfig config, DataSplits data, int epochsDone) {
        try {
            epochs = reopen(dir.resolve(EPOCHS), epochsDone);
            batches = reopen(dir.resolve(BATCHES), epochsDone);
        } catch (IOException e) {
            throw new UncheckedIOException("could not reopen the curves in " + dir, e);
        }
    }

    private static BufferedWriter reopen(Path file, int epochsDone) throws IOException {
        List<String> kept = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        kept.add(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            if (comma > 0 && Integer.parseInt(line.substring(0, comma)) <= epochsDone) {
                kept.add(line);
            }
        }
        Files.write(file, kept);
        return Files.newBufferedWriter(file, StandardOpenOption.APPEND);
    }

    @Override
    public void onBatch(BatchRecord b) {
        StringBuilder line = new StringBuilder(160).append(b.epoch()).append(',').append(b.batch()).append(',')
                .append(b.step()).append(',').append(b.loss()).append(',').append(b.batchSize());
        for (LayerGradientStats s : b.layers()) {
            line.append(',').append(s.l2Norm()).append(',').append(s.meanAbs()).append(',').append(s.maxAbs())
                    .append(',').append(s.updateRatio());
        }
        write(batches, line.append('\n').toString(), BATCHES);
    }

    @Override
    public void onEpoch(EpochRecord e) {
        epochsCompleted = e.epoch();
        if (e.bestSoFar()) {
            bestEpoch = e.epoch();
            bestValidationLoss = e.validationLoss();
        }
        write(epochs, String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%.3f,%.1f,%b%n", e.epoch(), e.trainLoss(),
                e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(), e.durationSeconds(),
                e.samplesPerSecond(), e.bestSoFar()), EPOCHS);
        try {
            epochs.flush();
            batches.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("could not write " + dir.resolve(EPOCHS), ex);
        }
    }

    @Override
    public void onPredictions(Split split, int epoch, int[] labels, float[] scores, int numClasses) {
        if (split != Split.TEST) {
            return;
        }
        StringBuilder csv = new StringBuilder(labels.length * numClasses * 12);
        csv.append("label");
        for (int k = 0; k < numClasses; k++) {
            csv.append(",score_").append(k);
        }
        csv.append('\n');
        for (int i = 0; i < labels.length; i++) {
            csv.append(labels[i]);
            for (int k = 0; k < numClasses; k++) {
                csv.append(',').append(scores[i * numClasses + k]);
            }
            csv.append('\n');
        }
        try {
            Files.writeString(dir.resolve(TEST_PREDICTIONS), csv);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve(TEST_PREDICTIONS), e);
        }
    }

    @Override
    public void onRunEnd(RunOutcome o) {
        writeOutcome(o);
    }

    /**
     * Writes {@code outcome.json} for a run that ended by an exception (its events could not be delivered,
     * or a listener failed): status failed, the reason, and the best epoch this process saw. Replaces an
     * outcome written before the failure (a run whose last events were not acknowledged did not complete).
     */
    public void onRunFailed(String reason) {
        writeOutcome(new RunOutcome(RunOutcome.Status.FAILED, bestEpoch, bestValidationLoss, epochsCompleted,
                Double.NaN, Double.NaN, reason));
    }

    private void writeOutcome(RunOutcome o) {
        JsonObject json = new JsonObject()
                .put("run_id", runId)
                .put("status", o.status().name().toLowerCase(Locale.ROOT))
                .put("best_epoch", o.bestEpoch())
                .put("best_validation_loss", finiteOrNull(o.bestValidationLoss()))
                .put("epochs_completed", o.epochsCompleted())
                .put("test_loss", finiteOrNull(o.testLoss()))
                .put("test_accuracy", finiteOrNull(o.testAccuracy()))
                .put("reason", o.reason());
        try {
            if (epochs != null) {
                epochs.close();
                batches.close();
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(OUTCOME), json.encodePrettily() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve(OUTCOME), e);
        }
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private void write(BufferedWriter out, String text, String file) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve(file), e);
        }
    }
}
