package dev.gradstream.monitor;

import static dev.gradstream.monitor.SeriesFamily.counter;
import static dev.gradstream.monitor.SeriesFamily.gauge;

import dev.gradstream.bus.EventLimits;
import dev.gradstream.bus.EventNames;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.GradientComparison;
import dev.gradstream.events.v1.LayerGradientStats;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepResult;
import dev.gradstream.events.v1.TensorComparison;
import dev.gradstream.monitor.RunSeries.Key;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns events into Prometheus series. Every name has the prefix {@code gradstream_}; labels are
 * {@code run, backend, task} plus {@code split} or {@code layer} where it applies. The names and their
 * meaning are listed in dashboards/README.md. The series of a batch event, the bulk of the traffic, are
 * constants looked up in the run's own map: an event costs a few hash lookups and no tags. Called by one
 * thread (the consumer loop's).
 */
final class EventMetrics {

    private static final Key RUN_FINISHED = Key.of(gauge("gradstream.run.finished", "1 once the run has finished"));
    private static final Key RUN_DIVERGED =
            Key.of(gauge("gradstream.run.diverged", "1 if the run's loss became NaN or infinite"));
    private static final Key RUN_FAILED =
            Key.of(gauge("gradstream.run.failed", "1 if the run failed (an error, not divergence)"));

    private static final Key BATCH_LOSS = Key.of(gauge("gradstream.batch.loss", "Mean loss of the latest mini-batch"));
    private static final Key STEP = Key.of(gauge("gradstream.step", "Global optimizer step of the latest mini-batch"));
    private static final Key BATCHES = Key.of(counter("gradstream.batches", "Mini-batches trained"));
    private static final Key SAMPLES_TRAINED = Key.of(counter("gradstream.samples.trained", "Training samples seen"));
    /** Per layer (index 0 to EventLimits.MAX_LAYERS - 1): l2 norm, mean |g|, max |g| and update ratio. */
    private static final Key[][] LAYER = layerKeys(
            gauge("gradstream.gradient.l2.norm", "L2 norm of the layer's gradient at the latest step"),
            gauge("gradstream.gradient.mean.abs", "Mean |g| of the layer's gradient at the latest step"),
            gauge("gradstream.gradient.max.abs", "Max |g| of the layer's gradient at the latest step"),
            gauge("gradstream.update.ratio", "||update|| / ||weights|| of the layer at the latest step"));

    private static final Key EPOCH = Key.of(gauge("gradstream.epoch", "Latest completed epoch (1-based)"));
    private static final Key EPOCHS_MAX = Key.of(gauge("gradstream.epochs.max", "Epoch budget of the run"));
    private static final Key EPOCHS = Key.of(counter("gradstream.epochs", "Epochs completed"));
    private static final SeriesFamily LOSS = gauge("gradstream.loss", "Mean loss of the latest epoch");
    private static final Key LOSS_TRAIN = Key.of(LOSS, "split", "train");
    private static final Key LOSS_VALIDATION = Key.of(LOSS, "split", "validation");
    private static final SeriesFamily ACCURACY = gauge("gradstream.accuracy.ratio", "Accuracy of the latest epoch");
    private static final Key ACCURACY_TRAIN = Key.of(ACCURACY, "split", "train");
    private static final Key ACCURACY_VALIDATION = Key.of(ACCURACY, "split", "validation");
    private static final Key SAMPLES_PER_SECOND =
            Key.of(gauge("gradstream.samples.per.second", "Training throughput of the latest epoch"));
    private static final Key EPOCH_DURATION =
            Key.of(gauge("gradstream.epoch.duration.seconds", "Training time of the latest epoch"));
    private static final Key BEST_EPOCH =
            Key.of(gauge("gradstream.best.epoch", "Epoch with the lowest validation loss so far"));
    private static final Key BEST_VALIDATION_LOSS =
            Key.of(gauge("gradstream.best.validation.loss", "Lowest validation loss so far"));

    private static final SeriesFamily EVAL_EPOCH = gauge("gradstream.eval.epoch", "Epoch of the latest evaluation");
    private static final SeriesFamily EVAL_ACCURACY = gauge("gradstream.eval.accuracy.ratio", "Accuracy (evaluator)");
    private static final SeriesFamily EVAL_PRECISION =
            gauge("gradstream.eval.precision.ratio", "Macro precision (evaluator)");
    private static final SeriesFamily EVAL_RECALL = gauge("gradstream.eval.recall.ratio", "Macro recall (evaluator)");
    private static final SeriesFamily EVAL_F1 = gauge("gradstream.eval.f1.ratio", "Macro F1 (evaluator)");
    private static final SeriesFamily EVAL_ROC_AUC =
            gauge("gradstream.eval.roc.auc.ratio", "One-vs-rest macro ROC AUC (evaluator)");
    private static final SeriesFamily EVAL_PR_AUC =
            gauge("gradstream.eval.pr.auc.ratio", "Macro average precision (evaluator)");
    private static final SeriesFamily EVAL_LATENCY =
            gauge("gradstream.eval.latency.seconds", "From the last predictions chunk to its evaluation");
    private static final SeriesFamily EVAL_CONFUSION =
            gauge("gradstream.eval.confusion", "Samples of true class by predicted class, latest evaluation");

    private static final SeriesFamily COMPARISON_MAX_ABS = gauge("gradstream.gradient.comparison.max.abs.diff",
            "First-iteration gradients: max |a - b| between backends");
    private static final SeriesFamily COMPARISON_MAX_REL = gauge("gradstream.gradient.comparison.max.rel.diff",
            "First-iteration gradients: max relative difference between backends");
    private static final SeriesFamily COMPARISON_SCALED = gauge("gradstream.gradient.comparison.scaled.diff",
            "First-iteration gradients: max |a - b| / max |a|,|b| over the tensor");
    private static final SeriesFamily COMPARISON_COSINE = gauge("gradstream.gradient.comparison.cosine",
            "First-iteration gradients: cosine similarity between backends");

    private static final SeriesFamily SWEEP_BEST_LOSS =
            gauge("gradstream.sweep.best.validation.loss", "Sweep job: lowest validation loss of its run");
    private static final SeriesFamily SWEEP_BEST_ACCURACY = gauge("gradstream.sweep.best.validation.accuracy.ratio",
            "Sweep job: validation accuracy of its best epoch");
    private static final SeriesFamily SWEEP_BEST_EPOCH =
            gauge("gradstream.sweep.best.epoch", "Sweep job: epoch with the lowest validation loss");
    private static final SeriesFamily SWEEP_TEST_LOSS =
            gauge("gradstream.sweep.test.loss", "Sweep job: test loss of the best weights");
    private static final SeriesFamily SWEEP_TEST_ACCURACY =
            gauge("gradstream.sweep.test.accuracy.ratio", "Sweep job: test accuracy of the best weights");
    private static final SeriesFamily SWEEP_TEST_F1 =
            gauge("gradstream.sweep.test.f1.ratio", "Sweep job: test macro F1 of the best weights");
    private static final SeriesFamily SWEEP_TEST_ROC_AUC =
            gauge("gradstream.sweep.test.roc.auc.ratio", "Sweep job: test one-vs-rest macro ROC AUC");
    private static final SeriesFamily SWEEP_TEST_PR_AUC =
            gauge("gradstream.sweep.test.pr.auc.ratio", "Sweep job: test macro average precision");
    private static final SeriesFamily SWEEP_JOB_DURATION =
            gauge("gradstream.sweep.job.duration.seconds", "Sweep job: wall time of its run on the worker");

    private final GaugeBoard board;
    private final SweepJobStates sweepJobStates;
    /** {@code gradstream_events_consumed_total} by topic. */
    private final Map<String, Counter> consumed = new HashMap<>();

    EventMetrics(GaugeBoard board) {
        this.board = board;
        this.sweepJobStates = new SweepJobStates(board);
    }

    void accept(Event event, String topic) {
        Counter byTopic = consumed.get(topic);
        if (byTopic == null) {
            byTopic = board.counter("gradstream.events.consumed", "Events the monitor consumed, by topic",
                    Tags.of("topic", topic));
            consumed.put(topic, byTopic);
        }
        byTopic.increment();
        switch (event.getPayloadCase()) {
            case RUN_STARTED -> {
                onStarted(event.getHeader());
                sweepJobStates.accept(event);
            }
            case BATCH_STATS -> onBatch(event.getHeader(), event.getBatchStats());
            case EPOCH_METRICS -> onEpoch(event.getHeader(), event.getEpochMetrics());
            case EVALUATION_RESULT -> onEvaluation(event.getHeader(), event.getEvaluationResult());
            case RUN_FINISHED -> onFinished(event.getHeader(), event.getRunFinished());
            case GRADIENT_COMPARISON -> onComparison(event.getHeader(), event.getGradientComparison());
            case SWEEP_RESULT -> {
                onSweepResult(event.getHeader(), event.getSweepResult());
                sweepJobStates.accept(event);
            }
            default -> {
            }
        }
    }

    /** A running run's state reads 0 on all three flags (Run state = finished + diverged + 2 * failed). */
    private void onStarted(EventHeader h) {
        RunSeries run = board.run(h);
        board.set(run, RUN_FINISHED, 0);
        board.set(run, RUN_DIVERGED, 0);
        board.set(run, RUN_FAILED, 0);
    }

    private void onBatch(EventHeader h, BatchStats b) {
        RunSeries run = board.run(h);
        board.set(run, BATCH_LOSS, b.getLoss());
        board.set(run, STEP, b.getStep());
        board.increment(run, BATCHES, 1);
        board.increment(run, SAMPLES_TRAINED, b.getBatchSize());
        for (int i = 0; i < b.getLayersCount(); i++) {
            LayerGradientStats l = b.getLayers(i);
            int layer = l.getLayer(); // 0 to MAX_LAYERS - 1: the consumer loop checked the event's limits
            board.set(run, LAYER[0][layer], l.getGradL2Norm());
            board.set(run, LAYER[1][layer], l.getGradMeanAbs());
            board.set(run, LAYER[2][layer], l.getGradMaxAbs());
            board.set(run, LAYER[3][layer], l.getUpdateRatio());
        }
    }

    private void onEpoch(EventHeader h, EpochMetrics e) {
        RunSeries run = board.run(h);
        board.set(run, EPOCH, e.getEpoch());
        board.set(run, EPOCHS_MAX, e.getMaxEpochs());
        board.increment(run, EPOCHS, 1);
        board.set(run, LOSS_TRAIN, e.getTrainLoss());
        board.set(run, LOSS_VALIDATION, e.getValidationLoss());
        board.set(run, ACCURACY_TRAIN, e.getTrainAccuracy());
        board.set(run, ACCURACY_VALIDATION, e.getValidationAccuracy());
        board.set(run, SAMPLES_PER_SECOND, e.getSamplesPerSecond());
        board.set(run, EPOCH_DURATION, e.getDurationSeconds());
        if (e.getBestSoFar()) {
            board.set(run, BEST_EPOCH, e.getEpoch());
            board.set(run, BEST_VALIDATION_LOSS, e.getValidationLoss());
        }
    }

    private void onEvaluation(EventHeader h, EvaluationResult r) {
        RunSeries run = board.run(h);
        String split = EventNames.split(r.getSplit());
        board.set(run, Key.of(EVAL_EPOCH, "split", split), r.getEpoch());
        board.set(run, Key.of(EVAL_ACCURACY, "split", split), r.getAccuracy());
        board.set(run, Key.of(EVAL_PRECISION, "split", split), r.getPrecisionMacro());
        board.set(run, Key.of(EVAL_RECALL, "split", split), r.getRecallMacro());
        board.set(run, Key.of(EVAL_F1, "split", split), r.getF1Macro());
        board.set(run, Key.of(EVAL_ROC_AUC, "split", split), r.getRocAucMacro());
        board.set(run, Key.of(EVAL_PR_AUC, "split", split), r.getPrAucMacro());
        board.set(run, Key.of(EVAL_LATENCY, "split", split), r.getLatencyMs() / 1000.0);
        int k = r.getNumClasses();
        if (r.getConfusionCount() == k * k) {
            for (int t = 0; t < k; t++) {
                for (int p = 0; p < k; p++) {
                    board.set(run, Key.of(EVAL_CONFUSION, "split", split, "true_class", Integer.toString(t),
                            "predicted_class", Integer.toString(p)), r.getConfusion(t * k + p));
                }
            }
        }
    }

    private void onFinished(EventHeader h, RunFinished f) {
        RunSeries run = board.run(h);
        board.set(run, RUN_FINISHED, 1);
        board.set(run, RUN_DIVERGED, f.getStatus() == RunStatus.RUN_STATUS_DIVERGED ? 1 : 0);
        board.set(run, RUN_FAILED, f.getStatus() == RunStatus.RUN_STATUS_FAILED ? 1 : 0);
        board.counter("gradstream.runs.finished", "Runs finished, by status",
                Tags.of("status", EventNames.status(f.getStatus()))).increment();
        board.markFinished(h.getRunId());
    }

    private void onComparison(EventHeader h, GradientComparison c) {
        RunSeries run = board.run(h);
        for (TensorComparison t : c.getTensorsList()) {
            String[] labels = {"precision", c.getPrecision(), "layer", Integer.toString(t.getLayer()),
                    "tensor", t.getTensor()};
            board.set(run, Key.of(COMPARISON_MAX_ABS, labels), t.getMaxAbsDiff());
            board.set(run, Key.of(COMPARISON_MAX_REL, labels), t.getMaxRelDiff());
            board.set(run, Key.of(COMPARISON_SCALED, labels), t.getScaledDiff());
            board.set(run, Key.of(COMPARISON_COSINE, labels), t.getCosine());
        }
    }

    /**
     * One finished sweep job: its run's tags plus the sweep, the job index ({@code job_index}: Prometheus owns
     * {@code job}), the configuration and the status, so that a table panel can list the sweep's configurations
     * and their numbers.
     */
    private void onSweepResult(EventHeader h, SweepResult r) {
        RunConfig c = r.getConfig();
        String[] labels = {"sweep", r.getSweepId(), "job_index", Integer.toString(r.getJobIndex()),
                "hidden", String.join(",", c.getHiddenSizesList().stream().map(String::valueOf).toList()),
                "learning_rate", Double.toString(c.getLearningRate()),
                "momentum", Double.toString(c.getMomentum()),
                "batch_size", Integer.toString(c.getBatchSize()),
                "status", EventNames.status(r.getStatus())};
        board.set("gradstream.sweep.jobs", "Configurations in the sweep", Tags.of("sweep", r.getSweepId()),
                r.getJobCount());
        RunSeries run = board.run(h);
        board.set(run, Key.of(SWEEP_BEST_LOSS, labels), r.getBestValidationLoss());
        board.set(run, Key.of(SWEEP_BEST_ACCURACY, labels), r.getBestValidationAccuracy());
        board.set(run, Key.of(SWEEP_BEST_EPOCH, labels), r.getBestEpoch());
        board.set(run, Key.of(SWEEP_TEST_LOSS, labels), r.getTestLoss());
        board.set(run, Key.of(SWEEP_TEST_ACCURACY, labels), r.getTestAccuracy());
        board.set(run, Key.of(SWEEP_TEST_F1, labels), r.getTestF1Macro());
        board.set(run, Key.of(SWEEP_TEST_ROC_AUC, labels), r.getTestRocAucMacro());
        board.set(run, Key.of(SWEEP_TEST_PR_AUC, labels), r.getTestPrAucMacro());
        board.set(run, Key.of(SWEEP_JOB_DURATION, labels), r.getDurationSeconds());
    }

    private static Key[][] layerKeys(SeriesFamily... families) {
        Key[][] keys = new Key[families.length][EventLimits.MAX_LAYERS];
        for (int f = 0; f < families.length; f++) {
            for (int layer = 0; layer < EventLimits.MAX_LAYERS; layer++) {
                keys[f][layer] = Key.of(families[f], "layer", Integer.toString(layer));
            }
        }
        return keys;
    }
}
