package dev.gradstream.monitor;

import dev.gradstream.bus.EventNames;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.GradientComparison;
import dev.gradstream.events.v1.TensorComparison;
import dev.gradstream.events.v1.LayerGradientStats;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepResult;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns events into Prometheus series. Every name has the prefix {@code gradstream_}; labels are
 * {@code run, backend, task} plus {@code split} or {@code layer} where it applies. The names and their
 * meaning are listed in dashboards/README.md.
 */
final class EventMetrics {

    private final GaugeBoard board;

    EventMetrics(GaugeBoard board) {
        this.board = board;
    }

    void accept(Event event, String topic) {
        board.increment("gradstream.events.consumed", "Events the monitor consumed, by topic",
                Tags.of("topic", topic), 1);
        switch (event.getPayloadCase()) {
            case RUN_STARTED -> {
                onStarted(event.getHeader());
                onSweepJobState(event);
            }
            case BATCH_STATS -> onBatch(event.getHeader(), event.getBatchStats());
            case EPOCH_METRICS -> onEpoch(event.getHeader(), event.getEpochMetrics());
            case EVALUATION_RESULT -> onEvaluation(event.getHeader(), event.getEvaluationResult());
            case RUN_FINISHED -> onFinished(event.getHeader(), event.getRunFinished());
            case GRADIENT_COMPARISON -> onComparison(event.getHeader(), event.getGradientComparison());
            case SWEEP_RESULT -> {
                onSweepResult(event.getHeader(), event.getSweepResult());
                onSweepJobState(event);
            }
            default -> {
            }
        }
    }

    /** A running run's state reads 0 on all three flags (Run state = finished + diverged + 2 * failed). */
    private void onStarted(EventHeader h) {
        Tags run = runTags(h);
        board.set("gradstream.run.finished", "1 once the run has finished", run, 0);
        board.set("gradstream.run.diverged", "1 if the run's loss became NaN or infinite", run, 0);
        board.set("gradstream.run.failed", "1 if the run failed (an error, not divergence)", run, 0);
    }

    private void onBatch(EventHeader h, BatchStats b) {
        Tags run = runTags(h);
        board.set("gradstream.batch.loss", "Mean loss of the latest mini-batch", run, b.getLoss());
        board.set("gradstream.step", "Global optimizer step of the latest mini-batch", run, b.getStep());
        board.increment("gradstream.batches", "Mini-batches trained", run, 1);
        board.increment("gradstream.samples.trained", "Training samples seen", run, b.getBatchSize());
        for (LayerGradientStats l : b.getLayersList()) {
            Tags layer = run.and("layer", Integer.toString(l.getLayer()));
            board.set("gradstream.gradient.l2.norm", "L2 norm of the layer's gradient at the latest step", layer,
                    l.getGradL2Norm());
            board.set("gradstream.gradient.mean.abs", "Mean |g| of the layer's gradient at the latest step", layer,
                    l.getGradMeanAbs());
            board.set("gradstream.gradient.max.abs", "Max |g| of the layer's gradient at the latest step", layer,
                    l.getGradMaxAbs());
            board.set("gradstream.update.ratio", "||update|| / ||weights|| of the layer at the latest step", layer,
                    l.getUpdateRatio());
        }
    }

    private void onEpoch(EventHeader h, EpochMetrics e) {
        Tags run = runTags(h);
        board.set("gradstream.epoch", "Latest completed epoch (1-based)", run, e.getEpoch());
        board.set("gradstream.epochs.max", "Epoch budget of the run", run, e.getMaxEpochs());
        board.increment("gradstream.epochs", "Epochs completed", run, 1);
        board.set("gradstream.loss", "Mean loss of the latest epoch", run.and("split", "train"), e.getTrainLoss());
        board.set("gradstream.loss", "Mean loss of the latest epoch", run.and("split", "validation"),
                e.getValidationLoss());
        board.set("gradstream.accuracy.ratio", "Accuracy of the latest epoch", run.and("split", "train"),
                e.getTrainAccuracy());
        board.set("gradstream.accuracy.ratio", "Accuracy of the latest epoch", run.and("split", "validation"),
                e.getValidationAccuracy());
        board.set("gradstream.samples.per.second", "Training throughput of the latest epoch", run,
                e.getSamplesPerSecond());
        board.set("gradstream.epoch.duration.seconds", "Training time of the latest epoch", run,
                e.getDurationSeconds());
        if (e.getBestSoFar()) {
            board.set("gradstream.best.epoch", "Epoch with the lowest validation loss so far", run, e.getEpoch());
            board.set("gradstream.best.validation.loss", "Lowest validation loss so far", run,
                    e.getValidationLoss());
        }
    }

    private void onEvaluation(EventHeader h, EvaluationResult r) {
        Tags tags = runTags(h).and("split", EventNames.split(r.getSplit()));
        board.set("gradstream.eval.epoch", "Epoch of the latest evaluation", tags, r.getEpoch());
        board.set("gradstream.eval.accuracy.ratio", "Accuracy (evaluator)", tags, r.getAccuracy());
        board.set("gradstream.eval.precision.ratio", "Macro precision (evaluator)", tags, r.getPrecisionMacro());
        board.set("gradstream.eval.recall.ratio", "Macro recall (evaluator)", tags, r.getRecallMacro());
        board.set("gradstream.eval.f1.ratio", "Macro F1 (evaluator)", tags, r.getF1Macro());
        board.set("gradstream.eval.roc.auc.ratio", "One-vs-rest macro ROC AUC (evaluator)", tags, r.getRocAucMacro());
        board.set("gradstream.eval.pr.auc.ratio", "Macro average precision (evaluator)", tags, r.getPrAucMacro());
        board.set("gradstream.eval.latency.seconds", "From the last predictions chunk to its evaluation", tags,
                r.getLatencyMs() / 1000.0);
        int k = r.getNumClasses();
        if (r.getConfusionCount() == k * k) {
            for (int t = 0; t < k; t++) {
                for (int p = 0; p < k; p++) {
                    board.set("gradstream.eval.confusion", "Samples of true class by predicted class, latest evaluation",
                            tags.and("true_class", Integer.toString(t), "predicted_class", Integer.toString(p)),
                            r.getConfusion(t * k + p));
                }
            }
        }
    }

    private void onFinished(EventHeader h, RunFinished f) {
        Tags run = runTags(h);
        board.set("gradstream.run.finished", "1 once the run has finished", run, 1);
        board.set("gradstream.run.diverged", "1 if the run's loss became NaN or infinite", run,
                f.getStatus() == RunStatus.RUN_STATUS_DIVERGED ? 1 : 0);
        board.set("gradstream.run.failed", "1 if the run failed (an error, not divergence)", run,
                f.getStatus() == RunStatus.RUN_STATUS_FAILED ? 1 : 0);
        board.increment("gradstream.runs.finished", "Runs finished, by status",
                Tags.of("status", EventNames.status(f.getStatus())), 1);
        board.markFinished(h.getRunId());
    }

    private void onComparison(EventHeader h, GradientComparison c) {
        Tags base = runTags(h).and("precision", c.getPrecision());
        for (TensorComparison t : c.getTensorsList()) {
            Tags tags = base.and("layer", Integer.toString(t.getLayer()), "tensor", t.getTensor());
            board.set("gradstream.gradient.comparison.max.abs.diff",
                    "First-iteration gradients: max |a - b| between backends", tags, t.getMaxAbsDiff());
            board.set("gradstream.gradient.comparison.max.rel.diff",
                    "First-iteration gradients: max relative difference between backends", tags, t.getMaxRelDiff());
            board.set("gradstream.gradient.comparison.scaled.diff",
                    "First-iteration gradients: max |a - b| / max |a|,|b| over the tensor", tags, t.getScaledDiff());
            board.set("gradstream.gradient.comparison.cosine",
                    "First-iteration gradients: cosine similarity between backends", tags, t.getCosine());
        }
    }

    /**
     * One finished sweep job: its run's tags plus the sweep, the job index ({@code job_index}: Prometheus owns
     * {@code job}), the configuration and the status, so that a table panel can list the sweep's configurations
     * and their numbers.
     */
    private void onSweepResult(EventHeader h, SweepResult r) {
        RunConfig c = r.getConfig();
        Tags tags = runTags(h).and("sweep", r.getSweepId(), "job_index", Integer.toString(r.getJobIndex()),
                "hidden", String.join(",", c.getHiddenSizesList().stream().map(String::valueOf).toList()),
                "learning_rate", Double.toString(c.getLearningRate()),
                "momentum", Double.toString(c.getMomentum()),
                "batch_size", Integer.toString(c.getBatchSize()),
                "status", EventNames.status(r.getStatus()));
        board.set("gradstream.sweep.jobs", "Configurations in the sweep", Tags.of("sweep", r.getSweepId()),
                r.getJobCount());
        board.set("gradstream.sweep.best.validation.loss", "Sweep job: lowest validation loss of its run", tags,
                r.getBestValidationLoss());
        board.set("gradstream.sweep.best.validation.accuracy.ratio",
                "Sweep job: validation accuracy of its best epoch", tags, r.getBestValidationAccuracy());
        board.set("gradstream.sweep.best.epoch", "Sweep job: epoch with the lowest validation loss", tags,
                r.getBestEpoch());
        board.set("gradstream.sweep.test.loss", "Sweep job: test loss of the best weights", tags, r.getTestLoss());
        board.set("gradstream.sweep.test.accuracy.ratio", "Sweep job: test accuracy of the best weights", tags,
                r.getTestAccuracy());
        board.set("gradstream.sweep.test.f1.ratio", "Sweep job: test macro F1 of the best weights", tags,
                r.getTestF1Macro());
        board.set("gradstream.sweep.test.roc.auc.ratio", "Sweep job: test one-vs-rest macro ROC AUC", tags,
                r.getTestRocAucMacro());
        board.set("gradstream.sweep.test.pr.auc.ratio", "Sweep job: test macro average precision", tags,
                r.getTestPrAucMacro());
        board.set("gradstream.sweep.job.duration.seconds", "Sweep job: wall time of its run on the worker", tags,
                r.getDurationSeconds());
    }

    // ---- Sweep job states (queued, running, done, failed, cancelled) ------------------------------------------

    /** A sweep attempt's run id: {@code <sweep id>-j<index>-<task>-<backend>-<4 hex>} (proto/README.md). */
    private static final Pattern SWEEP_ATTEMPT =
            Pattern.compile("^(.+)-j(\\d+)-(classify|embed)-(scratch|nd4j)-[0-9a-f]{4}$");
    /** Sweeps whose job states are kept; the oldest beyond this are dropped (their gauges keep their last value). */
    private static final int MAX_TRACKED_SWEEPS = 100;
    private static final List<String> JOB_STATES = List.of("queued", "running", "done", "failed", "cancelled");

    /** Per sweep: each job's latest state, and the job count once a result has told it. */
    private static final class SweepJobs {
        final Map<Integer, String> stateByJob = new HashMap<>();
        int jobCount = -1;
    }

    private final Map<String, SweepJobs> sweeps = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SweepJobs> eldest) {
            return size() > MAX_TRACKED_SWEEPS;
        }
    };

    /**
     * Counts a sweep's jobs by state in {@code gradstream_sweep_jobs_state{sweep, state}}: running from an
     * attempt's {@code run_started} (the run id names the sweep and the job), then done (completed or diverged),
     * failed or cancelled from its {@code sweep_result}; a real result replaces a cancelled one (the job was
     * training when the sweep was cancelled). Queued is the sweep's job count minus the others, known from its
     * first result on (the queue topic itself is the workers'). Duplicated events change nothing.
     */
    private void onSweepJobState(Event event) {
        String sweepId;
        int job;
        String state;
        int jobCount = -1;
        if (event.hasSweepResult()) {
            SweepResult r = event.getSweepResult();
            sweepId = r.getSweepId();
            job = r.getJobIndex();
            jobCount = r.getJobCount();
            state = switch (r.getStatus()) {
                case RUN_STATUS_FAILED -> "failed";
                case RUN_STATUS_CANCELLED -> "cancelled";
                default -> "done";
            };
        } else {
            Matcher m = SWEEP_ATTEMPT.matcher(event.getHeader().getRunId());
            if (!m.matches()) {
                return;
            }
            sweepId = m.group(1);
            job = Integer.parseInt(m.group(2));
            state = "running";
        }
        SweepJobs jobs = sweeps.computeIfAbsent(sweepId, k -> new SweepJobs());
        if (jobCount > 0) {
            jobs.jobCount = jobCount;
        }
        String before = jobs.stateByJob.get(job);
        boolean settled = before != null && !before.equals("running") && !before.equals("cancelled");
        if (settled || ("cancelled".equals(before) && state.equals("running"))) {
            return; // a result is final (a late attempt's start, a duplicate, changes nothing)
        }
        jobs.stateByJob.put(job, state);
        Map<String, Integer> counts = new HashMap<>();
        jobs.stateByJob.values().forEach(v -> counts.merge(v, 1, Integer::sum));
        if (jobs.jobCount > 0) {
            counts.put("queued", Math.max(0, jobs.jobCount - jobs.stateByJob.size()));
        }
        for (String st : JOB_STATES) {
            if (st.equals("queued") && jobs.jobCount <= 0) {
                continue;
            }
            board.set("gradstream.sweep.jobs.state", "Sweep jobs by state: queued, running, done, failed, cancelled",
                    Tags.of("sweep", sweepId, "state", st), counts.getOrDefault(st, 0));
        }
    }

    static Tags runTags(EventHeader h) {
        return Tags.of("run", h.getRunId(), "backend", EventNames.backend(h.getBackend()), "task", EventNames.task(h.getTask()));
    }
}
