package dev.gradstream.launcher;

import dev.gradstream.bus.EventLimits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.DatasetInfo;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.trainer.RunConfigs;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The v1 event stream of one run that trains nothing, one event per {@link #emitNext()}, in a trainer's
 * order: run started; per epoch, {@code batches} batch statistics of {@code layers} layers, the epoch's
 * metrics and its validation predictions ({@code classes} x {@code samples}, chunked like the trainer's
 * within {@link EventLimits#MAX_SCORES_PER_CHUNK}); then the best (last) epoch's test predictions and run
 * finished. Losses fall smoothly and the scores put 0.5 on the true class, so evaluations are well defined.
 *
 * <p>Not thread-safe: one run is emitted by one thread.
 */
final class SyntheticRun {

    /** The size of every synthetic run. */
    record Shape(int layers, int classes, int samples, int epochs, int batches) {

        Shape {
            check("--layers", layers, 1, EventLimits.MAX_LAYERS);
            check("--classes", classes, 2, EventLimits.MAX_CLASSES);
            check("--samples", samples, 1, EventLimits.MAX_SAMPLES_PER_SPLIT);
            check("--epochs", epochs, 1, EventLimits.MAX_EPOCHS);
            check("--batches", batches, 1, EventLimits.MAX_SAMPLES_PER_SPLIT / BATCH_SIZE);
            if ((long) samples * classes > EventLimits.MAX_SCORES_PER_SPLIT) {
                throw new IllegalArgumentException("--samples x --classes must be at most "
                        + EventLimits.MAX_SCORES_PER_SPLIT + ", got " + (long) samples * classes);
            }
        }

        private static void check(String option, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " must be in [" + min + ", " + max + "], got " + value);
            }
        }

        /** Samples per predictions record: as many whole rows as fit in one chunk's scores. */
        int rowsPerChunk() {
            return Math.max(1, EventLimits.MAX_SCORES_PER_CHUNK / classes);
        }

        /** Predictions records per split. */
        int chunks() {
            return (samples + rowsPerChunk() - 1) / rowsPerChunk();
        }

        private int epochBlock() {
            return batches + 1 + chunks();
        }

        /** Events of one whole run. */
        long eventsPerRun() {
            return 1 + (long) epochs * epochBlock() + chunks() + 1;
        }
    }

    static final int BATCH_SIZE = 64;

    private final String runId;
    private final Shape shape;
    private final Function<Event.Builder, Event> emit;
    private final Predictions[] chunks;
    private long position;
    private boolean finished;

    /**
     * @param emit stamps the header on an event and publishes it ({@code RunChannel::emit})
     * @param chunks the validation chunks of {@link #chunks(Shape)}, shared by every run of the shape
     */
    SyntheticRun(String runId, Shape shape, Predictions[] chunks, Function<Event.Builder, Event> emit) {
        this.runId = runId;
        this.shape = shape;
        this.chunks = chunks;
        this.emit = emit;
    }

    boolean finished() {
        return finished;
    }

    /** Emits the run's next event and returns it; must not be called once {@link #finished()}. */
    Event emitNext() {
        if (finished) {
            throw new IllegalStateException("run " + runId + " has finished");
        }
        long p = position++;
        if (p == 0) {
            return emit.apply(runStarted());
        }
        long q = p - 1;
        int block = shape.epochBlock();
        if (q < (long) shape.epochs() * block) {
            int epoch = (int) (q / block) + 1;
            int r = (int) (q % block);
            if (r < shape.batches()) {
                return emit.apply(batch(epoch, r));
            }
            if (r == shape.batches()) {
                return emit.apply(epoch(epoch));
            }
            return emit.apply(predictions(Split.SPLIT_VALIDATION, epoch, r - shape.batches() - 1));
        }
        int r = (int) (q - (long) shape.epochs() * block);
        if (r < shape.chunks()) {
            return emit.apply(predictions(Split.SPLIT_TEST, shape.epochs(), r));
        }
        finished = true;
        return emit.apply(finish(RunStatus.RUN_STATUS_COMPLETED, shape.epochs(), "completed (synthetic)"));
    }

    /** Ends a run cut short (loadgen's time ran out): a failed run-finished event, if the run had started. */
    void abort(String reason) {
        if (!finished && position > 0) {
            finished = true;
            int epochsDone = (int) Math.min(shape.epochs(), (position - 1) / shape.epochBlock());
            emit.apply(finish(RunStatus.RUN_STATUS_FAILED, epochsDone, reason));
        }
    }

    private Event.Builder runStarted() {
        int[] hidden = new int[shape.layers() - 1];
        Arrays.fill(hidden, 128);
        TrainingConfig config = new TrainingConfig(hidden, 0.01, 0.9, BATCH_SIZE, shape.epochs(), 42, 0.2,
                Precision.FLOAT32);
        DatasetInfo.Builder dataset = DatasetInfo.newBuilder().setName("loadgen").setFingerprint("synthetic")
                .setTrainSize(shape.batches() * BATCH_SIZE).setValidationSize(shape.samples())
                .setTestSize(shape.samples()).setInputSize(784);
        for (int k = 0; k < shape.classes(); k++) {
            dataset.addClassNames("class-" + k);
        }
        return Event.newBuilder().setRunStarted(RunStarted.newBuilder()
                .setConfig(RunConfigs.toProto(config, new TaskSpec.Classify())).setDataset(dataset)
                .putVersions("gradstream", "loadgen"));
    }

    private double loss(long step) {
        return 0.3 + 2.0 * Math.exp(-step / (double) (4 * shape.batches()));
    }

    private Event.Builder batch(int epoch, int batch) {
        long step = (long) (epoch - 1) * shape.batches() + batch;
        BatchStats.Builder stats = BatchStats.newBuilder().setEpoch(epoch).setBatch(batch).setStep(step)
                .setLoss(loss(step)).setBatchSize(BATCH_SIZE);
        for (int l = 0; l < shape.layers(); l++) {
            double scale = 1.0 / (1 + l);
            stats.addLayersBuilder().setLayer(l).setGradL2Norm(scale).setGradMeanAbs(scale / 100)
                    .setGradMaxAbs(scale / 10).setUpdateRatio(1e-3);
        }
        return Event.newBuilder().setBatchStats(stats);
    }

    private Event.Builder epoch(int epoch) {
        double loss = loss((long) epoch * shape.batches());
        return Event.newBuilder().setEpochMetrics(EpochMetrics.newBuilder().setEpoch(epoch)
                .setMaxEpochs(shape.epochs()).setTrainLoss(loss).setTrainAccuracy(1 - loss / 3)
                .setValidationLoss(loss * 1.05).setValidationAccuracy(1 - loss / 2.8).setDurationSeconds(1)
                .setSamplesPerSecond(shape.batches() * BATCH_SIZE).setBestSoFar(true));
    }

    private Event.Builder predictions(Split split, int epoch, int chunk) {
        return Event.newBuilder().setPredictions(chunks[chunk].toBuilder().setSplit(split).setEpoch(epoch));
    }

    private Event.Builder finish(RunStatus status, int epochs, String reason) {
        return Event.newBuilder().setRunFinished(RunFinished.newBuilder().setStatus(status)
                .setBestEpoch(epochs).setBestValidationLoss(loss((long) epochs * shape.batches()))
                .setEpochsCompleted(epochs).setReason(reason));
    }

    /**
     * The predictions chunks of one split of {@code shape} (split and epoch left for each event): sample i
     * has label {@code i mod classes} and scores 0.5 on a class (its own for 3 samples in 4, the next one
     * otherwise) and the rest spread evenly, so accuracy is 0.75 and every class is present.
     */
    static Predictions[] chunks(Shape shape) {
        int k = shape.classes();
        int rows = shape.rowsPerChunk();
        float rest = 0.5f / (k - 1);
        Predictions[] out = new Predictions[shape.chunks()];
        for (int c = 0; c < out.length; c++) {
            int from = c * rows;
            int to = Math.min(shape.samples(), from + rows);
            Predictions.Builder p = Predictions.newBuilder().setChunkIndex(c).setChunkCount(out.length)
                    .setNumClasses(k).setOffset(from).setTotalSamples(shape.samples());
            for (int i = from; i < to; i++) {
                int label = i % k;
                int top = i % 4 == 3 ? (label + 1) % k : label;
                p.addLabels(label);
                for (int j = 0; j < k; j++) {
                    p.addScores(j == top ? 0.5f : rest);
                }
            }
            out[c] = p.build();
        }
        return out;
    }
}
