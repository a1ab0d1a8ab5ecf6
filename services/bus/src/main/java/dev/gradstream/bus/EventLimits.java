package dev.gradstream.bus;

import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.DatasetInfo;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.GradientComparison;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.SweepJob;
import dev.gradstream.events.v1.SweepResult;
import java.util.List;

/**
 * The largest sizes, counts and indices a v1 event may carry, and the one check of an event against them.
 * Consumers call {@link #validate(Event)} (the {@link EventConsumerLoop} does, before any handler) so that
 * nothing is ever allocated from a declared size beyond these limits: a record that breaks one is
 * dead-lettered with the returned reason. The limits are derived from the contract and documented in
 * proto/README.md ("Limits"), which also says how they may change. Doubles are not limited: NaN and
 * infinite losses are legitimate (a diverged run). Enum values are not checked either: the compatibility
 * rules let producers add values, which older consumers read as UNRECOGNIZED.
 */
public final class EventLimits {

    /** Largest record a consumer decodes; producers stay far below (predictions are chunked). */
    public static final int MAX_RECORD_BYTES = 4 << 20;
    /** Classes of a data set: the evaluator holds a K x K confusion matrix and K curves. */
    public static final int MAX_CLASSES = 1_000;
    /** Samples of one split (train, validation or test). */
    public static final int MAX_SAMPLES_PER_SPLIT = 1_000_000;
    /** Scores of one whole split (samples x classes): 64 MiB of floats when assembled. */
    public static final int MAX_SCORES_PER_SPLIT = 1 << 24;
    /** Scores of one predictions chunk: ~300 KB on the wire, under the broker's default 1 MB limit. */
    public static final int MAX_SCORES_PER_CHUNK = 65_536;
    /** Chunks of one (split, epoch): a split of MAX_SCORES_PER_SPLIT in chunks of at least 64 rows fits. */
    public static final int MAX_CHUNKS = 1_024;
    /** Dense layers of a network (hidden layers + output, plus the word MLP's in task embed). */
    public static final int MAX_LAYERS = 64;
    /** Width of a layer, size of an input vector or of an embedding. */
    public static final int MAX_WIDTH = 1 << 16;
    /** Epochs of a run; also bounds every epoch number. */
    public static final int MAX_EPOCHS = 100_000;
    /** Jobs of one sweep. */
    public static final int MAX_SWEEP_JOBS = 10_000;
    /** Points of one ROC or PR curve in an evaluation result. */
    public static final int MAX_CURVE_POINTS = 1_001;
    /** Run ids, job and sweep ids, class names, version strings: identifiers, in characters. */
    public static final int MAX_ID_CHARS = 256;
    /** Free text: reasons, paths, data set names and fingerprints, in characters. */
    public static final int MAX_TEXT_CHARS = 4_096;
    /** Entries of RunStarted.versions. */
    public static final int MAX_VERSIONS = 32;

    private EventLimits() {
    }

    /** Why {@code event} breaks a limit, naming the field and the value; null when it is within all of them. */
    public static String validate(Event event) {
        String reason = header(event.getHeader());
        if (reason != null) {
            return reason;
        }
        return switch (event.getPayloadCase()) {
            case RUN_STARTED -> runStarted(event.getRunStarted());
            case BATCH_STATS -> batch(event.getBatchStats());
            case EPOCH_METRICS -> epoch(event.getEpochMetrics());
            case PREDICTIONS -> predictions(event.getPredictions());
            case EVALUATION_RESULT -> evaluation(event.getEvaluationResult());
            case RUN_FINISHED -> runFinished(event.getRunFinished());
            case GRADIENT_COMPARISON -> comparison(event.getGradientComparison());
            case SWEEP_JOB -> sweepJob(event.getSweepJob());
            case SWEEP_RESULT -> sweepResult(event.getSweepResult());
            case PAYLOAD_NOT_SET -> null; // the consumer loop refuses it by its own rule
        };
    }

    private static String header(EventHeader h) {
        return first(
                text("header.run_id", h.getRunId(), 1, MAX_ID_CHARS),
                atLeast("header.sequence", h.getSequence(), 0));
    }

    private static String runStarted(RunStarted r) {
        DatasetInfo d = r.getDataset();
        String reason = first(
                config("run_started.config", r.getConfig()),
                text("run_started.dataset.name", d.getName(), 0, MAX_TEXT_CHARS),
                text("run_started.dataset.fingerprint", d.getFingerprint(), 0, MAX_TEXT_CHARS),
                range("run_started.dataset.train_size", d.getTrainSize(), 0, MAX_SAMPLES_PER_SPLIT),
                range("run_started.dataset.validation_size", d.getValidationSize(), 0, MAX_SAMPLES_PER_SPLIT),
                range("run_started.dataset.test_size", d.getTestSize(), 0, MAX_SAMPLES_PER_SPLIT),
                range("run_started.dataset.input_size", d.getInputSize(), 0, MAX_WIDTH),
                count("run_started.dataset.class_names", d.getClassNamesCount(), MAX_CLASSES),
                count("run_started.versions", r.getVersionsCount(), MAX_VERSIONS));
        if (reason != null) {
            return reason;
        }
        reason = texts("run_started.dataset.class_names", d.getClassNamesList(), MAX_ID_CHARS);
        if (reason != null) {
            return reason;
        }
        for (var entry : r.getVersionsMap().entrySet()) {
            reason = first(text("run_started.versions key", entry.getKey(), 0, MAX_ID_CHARS),
                    text("run_started.versions[" + abbreviate(entry.getKey()) + "]", entry.getValue(), 0, MAX_ID_CHARS));
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String config(String field, RunConfig c) {
        return first(
                widths(field + ".hidden_sizes", c.getHiddenSizesList()),
                widths(field + ".word_hidden_sizes", c.getWordHiddenSizesList()),
                range(field + ".batch_size", c.getBatchSize(), 0, MAX_SAMPLES_PER_SPLIT),
                range(field + ".max_epochs", c.getMaxEpochs(), 0, MAX_EPOCHS),
                range(field + ".embed_dim", c.getEmbedDim(), 0, MAX_WIDTH),
                text(field + ".precision", c.getPrecision(), 0, MAX_ID_CHARS),
                text(field + ".word_vectors_source", c.getWordVectorsSource(), 0, MAX_TEXT_CHARS));
    }

    private static String batch(BatchStats b) {
        String reason = first(
                range("batch_stats.epoch", b.getEpoch(), 0, MAX_EPOCHS),
                range("batch_stats.batch", b.getBatch(), 0, MAX_SAMPLES_PER_SPLIT),
                atLeast("batch_stats.step", b.getStep(), 0),
                range("batch_stats.batch_size", b.getBatchSize(), 0, MAX_SAMPLES_PER_SPLIT),
                count("batch_stats.layers", b.getLayersCount(), MAX_LAYERS));
        for (int i = 0; reason == null && i < b.getLayersCount(); i++) {
            reason = range("batch_stats.layers[" + i + "].layer", b.getLayers(i).getLayer(), 0, MAX_LAYERS - 1);
        }
        return reason;
    }

    private static String epoch(EpochMetrics e) {
        return first(
                range("epoch_metrics.epoch", e.getEpoch(), 0, MAX_EPOCHS),
                range("epoch_metrics.max_epochs", e.getMaxEpochs(), 0, MAX_EPOCHS));
    }

    /** Every size the evaluator allocates from is checked here, and their consistency with each other. */
    private static String predictions(Predictions p) {
        String reason = first(
                range("predictions.epoch", p.getEpoch(), 0, MAX_EPOCHS),
                range("predictions.num_classes", p.getNumClasses(), 2, MAX_CLASSES),
                range("predictions.total_samples", p.getTotalSamples(), 1, MAX_SAMPLES_PER_SPLIT),
                range("predictions.chunk_count", p.getChunkCount(), 1, MAX_CHUNKS),
                range("predictions.chunk_index", p.getChunkIndex(), 0, p.getChunkCount() - 1),
                range("predictions.offset", p.getOffset(), 0, p.getTotalSamples() - 1),
                count("predictions.scores", p.getScoresCount(), MAX_SCORES_PER_CHUNK));
        if (reason != null) {
            return reason;
        }
        long splitScores = (long) p.getTotalSamples() * p.getNumClasses();
        if (splitScores > MAX_SCORES_PER_SPLIT) {
            return "predictions.total_samples x num_classes = " + splitScores + " exceeds " + MAX_SCORES_PER_SPLIT;
        }
        if (p.getLabelsCount() == 0 || (long) p.getOffset() + p.getLabelsCount() > p.getTotalSamples()) {
            return "predictions.labels: " + p.getLabelsCount() + " labels at offset " + p.getOffset()
                    + " do not fit total_samples " + p.getTotalSamples();
        }
        if ((long) p.getLabelsCount() * p.getNumClasses() != p.getScoresCount()) {
            return "predictions.scores: " + p.getScoresCount() + " scores for " + p.getLabelsCount() + " labels of "
                    + p.getNumClasses() + " classes";
        }
        for (int i = 0; i < p.getLabelsCount(); i++) {
            if (p.getLabels(i) < 0 || p.getLabels(i) >= p.getNumClasses()) {
                return "predictions.labels[" + i + "] = " + p.getLabels(i) + " is not a class of " + p.getNumClasses();
            }
        }
        return null;
    }

    private static String evaluation(EvaluationResult r) {
        String reason = first(
                range("evaluation_result.epoch", r.getEpoch(), 0, MAX_EPOCHS),
                range("evaluation_result.sample_count", r.getSampleCount(), 0, MAX_SAMPLES_PER_SPLIT),
                range("evaluation_result.num_classes", r.getNumClasses(), 0, MAX_CLASSES),
                count("evaluation_result.confusion", r.getConfusionCount(), (long) r.getNumClasses() * r.getNumClasses()),
                count("evaluation_result.curves", r.getCurvesCount(), r.getNumClasses()));
        for (int i = 0; reason == null && i < r.getCurvesCount(); i++) {
            var c = r.getCurves(i);
            String f = "evaluation_result.curves[" + i + "]";
            reason = first(
                    range(f + ".class_index", c.getClassIndex(), 0, r.getNumClasses() - 1),
                    count(f + ".fpr", c.getFprCount(), MAX_CURVE_POINTS),
                    count(f + ".tpr", c.getTprCount(), MAX_CURVE_POINTS),
                    count(f + ".recall", c.getRecallCount(), MAX_CURVE_POINTS),
                    count(f + ".precision", c.getPrecisionCount(), MAX_CURVE_POINTS));
        }
        return reason;
    }

    private static String runFinished(RunFinished r) {
        return first(
                range("run_finished.best_epoch", r.getBestEpoch(), 0, MAX_EPOCHS),
                range("run_finished.epochs_completed", r.getEpochsCompleted(), 0, MAX_EPOCHS),
                text("run_finished.reason", r.getReason(), 0, MAX_TEXT_CHARS));
    }

    private static String comparison(GradientComparison g) {
        String reason = first(
                text("gradient_comparison.precision", g.getPrecision(), 0, MAX_ID_CHARS),
                range("gradient_comparison.batch_size", g.getBatchSize(), 0, MAX_SAMPLES_PER_SPLIT),
                count("gradient_comparison.tensors", g.getTensorsCount(), 2 * MAX_LAYERS));
        for (int i = 0; reason == null && i < g.getTensorsCount(); i++) {
            String f = "gradient_comparison.tensors[" + i + "]";
            reason = first(range(f + ".layer", g.getTensors(i).getLayer(), 0, MAX_LAYERS - 1),
                    text(f + ".tensor", g.getTensors(i).getTensor(), 0, MAX_ID_CHARS));
        }
        return reason;
    }

    private static String sweepJob(SweepJob j) {
        return first(
                sweepJobIdentity("sweep_job", j.getSweepId(), j.getJobId(), j.getRunId(), j.getJobCount(),
                        j.getJobIndex()),
                text("sweep_job.data_dir", j.getDataDir(), 0, MAX_TEXT_CHARS),
                config("sweep_job.config", j.getConfig()));
    }

    private static String sweepResult(SweepResult r) {
        return first(
                sweepJobIdentity("sweep_result", r.getSweepId(), r.getJobId(), r.getRunId(), r.getJobCount(),
                        r.getJobIndex()),
                range("sweep_result.best_epoch", r.getBestEpoch(), 0, MAX_EPOCHS),
                text("sweep_result.worker", r.getWorker(), 0, MAX_ID_CHARS),
                text("sweep_result.reason", r.getReason(), 0, MAX_TEXT_CHARS),
                text("sweep_result.run_dir", r.getRunDir(), 0, MAX_TEXT_CHARS),
                config("sweep_result.config", r.getConfig()));
    }

    /**
     * The fields that name a sweep job and its run, which a job and its result both carry (the result echoes the
     * job's), so that the two are held to one rule: ids present and bounded, the index within the count.
     */
    private static String sweepJobIdentity(String message, String sweepId, String jobId, String runId, int jobCount,
                                           int jobIndex) {
        return first(
                text(message + ".sweep_id", sweepId, 1, MAX_ID_CHARS),
                text(message + ".job_id", jobId, 1, MAX_ID_CHARS),
                text(message + ".run_id", runId, 0, MAX_ID_CHARS),
                range(message + ".job_count", jobCount, 1, MAX_SWEEP_JOBS),
                range(message + ".job_index", jobIndex, 0, jobCount - 1));
    }

    // ---- the checks: each returns the reason, or null when the value is within bounds ----

    private static String first(String... reasons) {
        for (String r : reasons) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static String range(String field, long value, long min, long max) {
        return value < min || value > max ? field + " = " + value + " is outside [" + min + ", " + max + "]" : null;
    }

    private static String atLeast(String field, long value, long min) {
        return value < min ? field + " = " + value + " is below " + min : null;
    }

    private static String count(String field, int count, long max) {
        return count > max ? field + " has " + count + " entries, more than " + max : null;
    }

    private static String text(String field, String value, int minChars, int maxChars) {
        if (value.length() > maxChars) {
            return field + " has " + value.length() + " characters, more than " + maxChars;
        }
        return value.length() < minChars ? field + " is empty" : null;
    }

    private static String texts(String field, List<String> values, int maxChars) {
        for (int i = 0; i < values.size(); i++) {
            String reason = text(field + "[" + i + "]", values.get(i), 0, maxChars);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String widths(String field, List<Integer> widths) {
        String reason = count(field, widths.size(), MAX_LAYERS);
        for (int i = 0; reason == null && i < widths.size(); i++) {
            reason = range(field + "[" + i + "]", widths.get(i), 1, MAX_WIDTH);
        }
        return reason;
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }
}
