package dev.gradstream.liveview;

import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The live page's view of an event: a flat JSON object with {@code type}, the header's run, group,
 * backend, task, sequence and time, and the payload fields the page draws. Per-layer gradient statistics,
 * predictions and curve points stay in Kafka. Non-finite numbers become null (JSON has no NaN).
 */
final class EventJson {

    private EventJson() {
    }

    /** The JSON for {@code event}, or null for payloads the page does not show. */
    static JsonObject of(Event event) {
        JsonObject json = switch (event.getPayloadCase()) {
            case RUN_STARTED -> runStarted(event.getRunStarted());
            case BATCH_STATS -> batch(event.getBatchStats());
            case EPOCH_METRICS -> epoch(event.getEpochMetrics());
            case EVALUATION_RESULT -> evaluation(event.getEvaluationResult());
            case RUN_FINISHED -> runFinished(event.getRunFinished());
            default -> null;
        };
        if (json == null) {
            return null;
        }
        EventHeader h = event.getHeader();
        String backend = enumName(h.getBackend().name(), "BACKEND_");
        return json.put("run", h.getRunId())
                .put("group", group(h.getRunId(), backend))
                .put("backend", backend)
                .put("task", enumName(h.getTask().name(), "TASK_"))
                .put("seq", h.getSequence())
                .put("time", h.getEventTimeUnixMs());
    }

    /**
     * The runs drawn together: the run id without its backend, so that {@code S-classify-scratch} and
     * {@code S-classify-nd4j} (and {@code S-classify-scratch-replay-1} with {@code S-classify-nd4j-replay-1})
     * share a chart.
     */
    static String group(String runId, String backend) {
        String token = "-" + backend;
        int at = runId.indexOf(token + "-");
        if (at < 0 && runId.endsWith(token)) {
            at = runId.length() - token.length();
        }
        return at < 0 ? runId : runId.substring(0, at) + runId.substring(at + token.length());
    }

    private static JsonObject runStarted(RunStarted r) {
        JsonArray hidden = new JsonArray();
        r.getConfig().getHiddenSizesList().forEach(hidden::add);
        return new JsonObject().put("type", "run_started")
                .put("hidden", hidden)
                .put("learning_rate", r.getConfig().getLearningRate())
                .put("momentum", r.getConfig().getMomentum())
                .put("batch_size", r.getConfig().getBatchSize())
                .put("max_epochs", r.getConfig().getMaxEpochs())
                .put("precision", r.getConfig().getPrecision())
                .put("dataset", r.getDataset().getName())
                .put("train_size", r.getDataset().getTrainSize())
                .put("classes", new JsonArray(r.getDataset().getClassNamesList()));
    }

    private static JsonObject batch(BatchStats b) {
        return new JsonObject().put("type", "batch").put("epoch", b.getEpoch()).put("batch", b.getBatch())
                .put("step", b.getStep()).put("loss", finite(b.getLoss()));
    }

    private static JsonObject epoch(EpochMetrics e) {
        return new JsonObject().put("type", "epoch").put("epoch", e.getEpoch()).put("max_epochs", e.getMaxEpochs())
                .put("train_loss", finite(e.getTrainLoss())).put("train_accuracy", finite(e.getTrainAccuracy()))
                .put("validation_loss", finite(e.getValidationLoss()))
                .put("validation_accuracy", finite(e.getValidationAccuracy()))
                .put("duration_seconds", finite(e.getDurationSeconds()))
                .put("samples_per_second", finite(e.getSamplesPerSecond())).put("best", e.getBestSoFar());
    }

    private static JsonObject evaluation(EvaluationResult r) {
        return new JsonObject().put("type", "evaluation").put("split", enumName(r.getSplit().name(), "SPLIT_"))
                .put("epoch", r.getEpoch()).put("accuracy", finite(r.getAccuracy())).put("f1", finite(r.getF1Macro()))
                .put("roc_auc", finite(r.getRocAucMacro())).put("pr_auc", finite(r.getPrAucMacro()));
    }

    private static JsonObject runFinished(RunFinished r) {
        return new JsonObject().put("type", "run_finished").put("status", enumName(r.getStatus().name(), "RUN_STATUS_"))
                .put("best_epoch", r.getBestEpoch()).put("epochs_completed", r.getEpochsCompleted())
                .put("reason", r.getReason());
    }

    private static String enumName(String name, String prefix) {
        return (name.startsWith(prefix) ? name.substring(prefix.length()) : name).toLowerCase(Locale.ROOT);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
