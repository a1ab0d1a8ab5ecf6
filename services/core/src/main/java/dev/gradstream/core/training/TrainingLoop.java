package dev.gradstream.core.training;

import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.data.Samples;
import dev.gradstream.core.model.Checkpoints;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ParameterSet;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a {@link Model} with mini-batch SGD with momentum: the training split is reshuffled each epoch
 * from the run's seed, the validation split is scored after each epoch, and the weights of the epoch
 * with the lowest validation loss are checkpointed and restored for the final test. A loss that turns
 * NaN or infinite ends the run as diverged. Backend-neutral: everything a run reports goes through the
 * {@link TrainingListener}.
 */
public final class TrainingLoop {

    /** Rows scored at once in {@link #score}: bounds the memory of evaluating a large split. */
    private static final int EVAL_CHUNK = 2048;

    private final Model model;
    private final DataSplits data;
    private final TrainingConfig config;
    private final TrainingListener listener;
    private final Path checkpointFile;
    private final ResumePoint resume;
    /** {@link #score}'s chunk of inputs, labels and scores, kept from epoch to epoch. */
    private final float[] chunkX;
    private final int[] chunkY = new int[EVAL_CHUNK];
    private final float[] chunkScores;
    private volatile boolean stopRequested;

    /**
     * @param checkpointFile where the best weights are written (may be null: kept in memory only)
     */
    public TrainingLoop(Model model, DataSplits data, TrainingConfig config, TrainingListener listener,
                        Path checkpointFile) {
        this(model, data, config, listener, checkpointFile, null);
    }

    /**
     * A loop that continues a run after {@code resume.epochsDone()} epochs; the model must already hold
     * that epoch's parameters and momentum. With {@code resume} null it starts fresh.
     */
    public TrainingLoop(Model model, DataSplits data, TrainingConfig config, TrainingListener listener,
                        Path checkpointFile, ResumePoint resume) {
        this.resume = resume;
        this.model = model;
        this.data = data;
        this.config = config;
        this.listener = listener;
        this.checkpointFile = checkpointFile;
        this.chunkX = new float[EVAL_CHUNK * data.validation().features()];
        this.chunkScores = new float[EVAL_CHUNK * data.numClasses()];
    }

    /** Asks the loop to stop after the current batch; the run then ends as failed with that reason. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Runs to the end and reports through the listener; returns how it ended. */
    public RunOutcome run() {
        if (resume == null) {
            listener.onRunStart(config, data);
        } else {
            listener.onRunResumed(config, data, resume.epochsDone());
        }
        Samples train = data.train();
        int features = train.features();
        int batchSize = config.batchSize();
        float[] xBatch = new float[batchSize * features];
        int[] yBatch = new int[batchSize];
        BatchOrder batchOrder = new BatchOrder(train.count(), config.seed());
        LayerGradientStats[] stats = new LayerGradientStats[model.layerCount()];
        ParameterSet best = resume == null ? null : resume.best();
        int bestEpoch = resume == null ? 0 : resume.bestEpoch();
        double bestLoss = resume == null ? Double.NaN : resume.bestValidationLoss();
        long step = resume == null ? 0 : resume.step();
        int firstEpoch = resume == null ? 1 : resume.epochsDone() + 1;
        for (int skipped = 1; skipped < firstEpoch; skipped++) {
            batchOrder.nextEpoch(); // the same batch order as if the run had never stopped
        }
        for (int epoch = firstEpoch; epoch <= config.maxEpochs(); epoch++) {
            int[] order = batchOrder.nextEpoch();
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            int batches = (order.length + batchSize - 1) / batchSize;
            for (int b = 0; b < batches; b++) {
                if (stopRequested) {
                    return end(RunOutcome.Status.FAILED, bestEpoch, bestLoss, epoch - 1, best, "stopped on request");
                }
                int from = b * batchSize;
                int n = Math.min(batchSize, order.length - from);
                train.gather(order, from, n, xBatch, yBatch);
                double loss = model.computeGradients(xBatch, yBatch, n);
                if (!Double.isFinite(loss)) {
                    return end(RunOutcome.Status.DIVERGED, bestEpoch, bestLoss, epoch - 1, best,
                            "training loss became " + loss + " at epoch " + epoch + ", batch " + b);
                }
                correct += model.lastBatchCorrect();
                model.applyUpdate(config.learningRate(), config.momentum(), stats);
                lossSum += loss * n;
                listener.onBatch(new BatchRecord(epoch, b, step++, loss, n, List.of(stats)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Scored validation = score(data.validation());
            if (!Double.isFinite(validation.loss)) {
                return end(RunOutcome.Status.DIVERGED, bestEpoch, bestLoss, epoch - 1, best,
                        "validation loss became " + validation.loss + " at epoch " + epoch);
            }
            boolean improved = best == null || validation.loss < bestLoss;
            if (improved) {
                best = model.parameters();
                bestEpoch = epoch;
                bestLoss = validation.loss;
                if (checkpointFile != null) {
                    Checkpoints.write(checkpointFile, best);
                }
            }
            listener.onEpoch(new EpochRecord(epoch, config.maxEpochs(), lossSum / train.count(),
                    (double) correct / train.count(), validation.loss, validation.accuracy, seconds,
                    train.count() / seconds, improved));
            listener.onPredictions(Split.VALIDATION, epoch, data.validation().labels(), validation.scores,
                    data.numClasses());
            listener.onEpochEnd(new TrainingState(epoch, step, bestEpoch, bestLoss, best, model));
        }
        return end(RunOutcome.Status.COMPLETED, bestEpoch, bestLoss, config.maxEpochs(), best,
                "trained " + config.maxEpochs() + " epochs; best validation loss at epoch " + bestEpoch);
    }

    private RunOutcome end(RunOutcome.Status status, int bestEpoch, double bestLoss, int epochsDone,
                           ParameterSet best, String reason) {
        double testLoss = Double.NaN;
        double testAccuracy = Double.NaN;
        if (best != null) {
            model.restoreParameters(best);
            Scored test = score(data.test());
            testLoss = test.loss;
            testAccuracy = test.accuracy;
            listener.onPredictions(Split.TEST, bestEpoch, data.test().labels(), test.scores, data.numClasses());
        }
        RunOutcome outcome = new RunOutcome(status, bestEpoch, bestLoss, epochsDone, testLoss, testAccuracy, reason);
        listener.onRunEnd(outcome);
        return outcome;
    }

    private record Scored(double loss, double accuracy, float[] scores) {
    }

    /**
     * Scores a whole split in chunks; returns mean loss, accuracy and the row-major scores (a new array: the
     * listeners may keep it). The chunk buffers are the loop's own, reused every epoch: the inputs' chunk is
     * 6.4 MB at 784 features, which the JVM allocates outside its young generation, and allocating it every
     * epoch started a concurrent collection of the whole heap each time (a fifth of a core while the broker and
     * the services share the process).
     */
    private Scored score(Samples split) {
        int k = data.numClasses();
        int features = split.features();
        float[] scores = new float[split.count() * k];
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < split.count(); from += EVAL_CHUNK) {
            int n = Math.min(EVAL_CHUNK, split.count() - from);
            System.arraycopy(split.x(), from * features, chunkX, 0, n * features);
            System.arraycopy(split.labels(), from, chunkY, 0, n);
            lossSum += model.evaluate(chunkX, chunkY, n, chunkScores) * n;
            System.arraycopy(chunkScores, 0, scores, from * k, n * k);
            for (int i = 0; i < n; i++) {
                if (argmax(chunkScores, i * k, k) == chunkY[i]) {
                    correct++;
                }
            }
        }
        return new Scored(lossSum / split.count(), (double) correct / split.count(), scores);
    }

    private static int argmax(float[] row, int offset, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (row[offset + j] > row[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
