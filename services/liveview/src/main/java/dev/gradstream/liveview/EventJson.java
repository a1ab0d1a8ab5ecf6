package dev.gradstream.liveview;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.gradstream.bus.EventNames;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.ClassCurve;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.GradientComparison;
import dev.gradstream.events.v1.LayerGradientStats;
import dev.gradstream.events.v1.TensorComparison;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live page's view of an event: a flat JSON object with {@code type}, the header's run, group,
 * backend, task, sequence and time, and the payload fields the page draws: per batch the loss and each
 * layer's gradient L2 norm and update:parameter ratio; per evaluation the macro metrics, the confusion matrix
 * (up to {@link #MAX_CONFUSION_CLASSES} classes) and each class's ROC AUC and average precision; the
 * first-iteration gradient comparison's rows. Predictions and curve points stay in Kafka. JSON has no NaN:
 * a non-finite number becomes the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}, which the
 * page draws as a gap and shows as such in its tables.
 */
final class EventJson {

    /** Classes up to which an evaluation's confusion matrix is sent (a 100 x 100 matrix is ~60 KB of JSON). */
    static final int MAX_CONFUSION_CLASSES = 100;

    /**
     * Writes doubles with Jackson's Schubfach writer: JDK 17's Double.toString was a third of the live view's
     * CPU in {@code train} (every batch event carries a loss and two numbers a layer), and compiling it a good
     * part of the JIT's. Its text is the shortest that reads back as the same double, as JavaScript writes it.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

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
            case GRADIENT_COMPARISON -> comparison(event.getGradientComparison());
            default -> null;
        };
        if (json == null) {
            return null;
        }
        EventHeader h = event.getHeader();
        String backend = EventNames.backend(h.getBackend());
        String grouping = event.hasGradientComparison() ? COMPARE : backend;
        return json.put("run", h.getRunId())
                .put("group", group(h.getRunId(), grouping))
                .put("backend", backend)
                .put("task", EventNames.task(h.getTask()))
                .put("seq", h.getSequence())
                .put("time", h.getEventTimeUnixMs());
    }

    /** {@code json} as JSON text, as {@link JsonObject#encode} writes it, with doubles written fast ({@link #FACTORY}). */
    static String encode(JsonObject json) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            write(out, json);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write JSON to a string", e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator out, Object value) throws IOException {
        if (value instanceof JsonObject object) {
            out.writeStartObject();
            for (Map.Entry<String, Object> field : object) {
                out.writeFieldName(field.getKey());
                write(out, field.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof JsonArray array) {
            out.writeStartArray();
            for (Object element : array) {
                write(out, element);
            }
            out.writeEndArray();
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof Integer || value instanceof Long) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof String string) {
            out.writeString(string);
        } else if (value == null) {
            out.writeNull();
        } else {
            throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName());
        }
    }

    /** The run id suffix of a first-iteration comparison ({@code S-classify-compare}). */
    private static final String COMPARE = "compare";

    /**
     * The runs drawn together: the run id without its backend, so that {@code S-classify-scratch} and
     * {@code S-classify-nd4j} (and {@code S-classify-scratch-replay-1} with {@code S-classify-nd4j-replay-1})
     * share a chart; a comparison's {@code S-classify-compare} joins them with {@code "compare"} as backend.
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
        int layers = 0;
        for (LayerGradientStats l : b.getLayersList()) {
            layers = Math.max(layers, l.getLayer() + 1);
        }
        JsonArray norms = nulls(layers);
        JsonArray ratios = nulls(layers);
        for (LayerGradientStats l : b.getLayersList()) {
            norms.set(l.getLayer(), finite(l.getGradL2Norm()));
            ratios.set(l.getLayer(), finite(l.getUpdateRatio()));
        }
        return new JsonObject().put("type", "batch").put("epoch", b.getEpoch()).put("batch", b.getBatch())
                .put("step", b.getStep()).put("loss", finite(b.getLoss())).put("norms", norms).put("ratios", ratios);
    }

    private static JsonArray nulls(int n) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < n; i++) {
            a.addNull();
        }
        return a;
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
        int k = r.getNumClasses();
        JsonObject json = new JsonObject().put("type", "evaluation").put("split", EventNames.split(r.getSplit()))
                .put("epoch", r.getEpoch()).put("samples", r.getSampleCount()).put("classes", k)
                .put("accuracy", finite(r.getAccuracy())).put("precision", finite(r.getPrecisionMacro()))
                .put("recall", finite(r.getRecallMacro())).put("f1", finite(r.getF1Macro()))
                .put("roc_auc", finite(r.getRocAucMacro())).put("pr_auc", finite(r.getPrAucMacro()));
        if (k <= MAX_CONFUSION_CLASSES && r.getConfusionCount() == k * k) {
            json.put("confusion", new JsonArray(r.getConfusionList()));
        }
        JsonArray rocAuc = nulls(k);
        JsonArray ap = nulls(k);
        for (ClassCurve c : r.getCurvesList()) {
            if (c.getClassIndex() >= 0 && c.getClassIndex() < k) {
                rocAuc.set(c.getClassIndex(), finite(c.getRocAuc()));
                ap.set(c.getClassIndex(), finite(c.getAveragePrecision()));
            }
        }
        return json.put("class_roc_auc", rocAuc).put("class_ap", ap);
    }

    private static JsonObject comparison(GradientComparison g) {
        JsonArray rows = new JsonArray();
        for (TensorComparison t : g.getTensorsList()) {
            rows.add(new JsonObject().put("layer", t.getLayer()).put("tensor", t.getTensor())
                    .put("max_abs_diff", finite(t.getMaxAbsDiff())).put("max_rel_diff", finite(t.getMaxRelDiff()))
                    .put("scaled_diff", finite(t.getScaledDiff())).put("cosine", finite(t.getCosine()))
                    .put("norm_reference", finite(t.getNormReference())).put("norm_other", finite(t.getNormOther())));
        }
        return new JsonObject().put("type", "comparison")
                .put("reference", EventNames.backend(g.getReferenceBackend()))
                .put("other", EventNames.backend(g.getOtherBackend()))
                .put("precision", g.getPrecision()).put("batch_size", g.getBatchSize())
                .put("loss_reference", finite(g.getLossReference())).put("loss_other", finite(g.getLossOther()))
                .put("tensors", rows);
    }

    private static JsonObject runFinished(RunFinished r) {
        return new JsonObject().put("type", "run_finished").put("status", EventNames.status(r.getStatus()))
                .put("best_epoch", r.getBestEpoch()).put("epochs_completed", r.getEpochsCompleted())
                .put("reason", r.getReason());
    }

    /** {@code v}, or its name ("NaN", "Infinity", "-Infinity") when it is not finite. */
    static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : Double.toString(v);
    }
}
