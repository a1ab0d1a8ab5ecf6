package dev.gradstream.liveview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.ClassCurve;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.GradientComparison;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import dev.gradstream.events.v1.TensorComparison;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The live page's JSON of an event")
class EventJsonTest {

    private static EventHeader header(String runId, Backend backend) {
        return EventHeader.newBuilder().setRunId(runId).setBackend(backend).setTask(Task.TASK_CLASSIFY).setSequence(7)
                .setEventTimeUnixMs(1234).build();
    }

    @Test
    @DisplayName("an epoch keeps its numbers, names NaN, and survives a JSON round trip")
    void epochRoundTrip() {
        Event e = Event.newBuilder().setHeader(header("S-classify-nd4j", Backend.BACKEND_ND4J))
                .setEpochMetrics(EpochMetrics.newBuilder().setEpoch(3).setMaxEpochs(20).setTrainLoss(0.25)
                        .setValidationLoss(Double.NaN).setValidationAccuracy(0.75).setBestSoFar(true)).build();
        JsonObject json = new JsonObject(EventJson.of(e).encode());
        assertThat(json.getString("type")).isEqualTo("epoch");
        assertThat(json.getString("backend")).isEqualTo("nd4j");
        assertThat(json.getString("task")).isEqualTo("classify");
        assertThat(json.getString("group")).isEqualTo("S-classify");
        assertThat(json.getLong("seq")).isEqualTo(7);
        assertThat(json.getDouble("train_loss")).isEqualTo(0.25);
        assertThat(json.getValue("validation_loss")).isEqualTo("NaN");
        assertThat(json.getBoolean("best")).isTrue();
    }

    @Test
    @DisplayName("encode writes what JsonObject.encode writes, reading back to the same values, doubles shortest")
    void encodeMatchesVertx() {
        BatchStats.Builder b = BatchStats.newBuilder().setEpoch(2).setBatch(4).setStep(54).setLoss(0.1 + 0.2);
        b.addLayersBuilder().setLayer(0).setGradL2Norm(1.0 / 3).setUpdateRatio(Double.NaN);
        b.addLayersBuilder().setLayer(1).setGradL2Norm(4.35e-7).setUpdateRatio(Double.MIN_VALUE);
        JsonObject batch = EventJson.of(Event.newBuilder().setHeader(header("S-classify-scratch", Backend.BACKEND_SCRATCH))
                .setBatchStats(b).build());
        String encoded = EventJson.encode(batch);
        assertThat(new JsonObject(encoded)).isEqualTo(new JsonObject(batch.encode())).isEqualTo(batch);
        assertThat(encoded).startsWith("{\"type\":\"batch\",\"epoch\":2,\"batch\":4,\"step\":54,"
                + "\"loss\":0.30000000000000004,\"norms\":[0.3333333333333333,4.35E-7],\"ratios\":[\"NaN\",4.9E-324]");
        JsonObject nested = new JsonObject().put("a", new JsonArray().add(1L).add(true).addNull().add("x\"y"))
                .put("d", 1.5).put("o", new JsonObject().put("i", 3));
        assertThat(EventJson.encode(nested)).isEqualTo(nested.encode());
    }

    @Test
    @DisplayName("both backends of a run and of its replay share a group; other payloads are not sent")
    void groups() {
        assertThat(EventJson.group("S-classify-scratch", "scratch")).isEqualTo("S-classify");
        assertThat(EventJson.group("S-classify-scratch-replay-2", "scratch")).isEqualTo("S-classify-replay-2");
        assertThat(EventJson.group("S-classify-nd4j-replay-2", "nd4j")).isEqualTo("S-classify-replay-2");
        assertThat(EventJson.group("other", "nd4j")).isEqualTo("other");
        assertThat(EventJson.of(Event.newBuilder().setHeader(header("r", Backend.BACKEND_SCRATCH))
                .setPredictions(Predictions.getDefaultInstance()).build())).isNull();
    }

    @Test
    @DisplayName("the history keeps the newest runs whole and drops the oldest")
    void historyIsBounded() {
        RunHistory history = new RunHistory(2);
        history.add("a", RunHistory.Kind.PROGRESS, "a1");
        history.add("b", RunHistory.Kind.PROGRESS, "b1");
        history.add("a", RunHistory.Kind.PROGRESS, "a2");
        history.add("c", RunHistory.Kind.PROGRESS, "c1");
        assertThat(history.snapshot()).containsExactly("b1", "c1");
        assertThat(history.runs()).isEqualTo(2);
    }

    @Test
    @DisplayName("a batch carries each layer's gradient norm and update ratio by layer index, infinities named")
    void batchLayers() {
        BatchStats.Builder b = BatchStats.newBuilder().setEpoch(2).setBatch(4).setStep(54).setLoss(Double.POSITIVE_INFINITY);
        b.addLayersBuilder().setLayer(1).setGradL2Norm(0.5).setUpdateRatio(1e-3);
        b.addLayersBuilder().setLayer(0).setGradL2Norm(Double.NEGATIVE_INFINITY).setUpdateRatio(2e-3);
        JsonObject json = new JsonObject(EventJson.of(Event.newBuilder().setHeader(header("S-classify-scratch",
                Backend.BACKEND_SCRATCH)).setBatchStats(b).build()).encode());
        assertThat(json.getValue("loss")).isEqualTo("Infinity");
        assertThat(json.getLong("step")).isEqualTo(54);
        assertThat(json.getJsonArray("norms")).isEqualTo(new JsonArray().add("-Infinity").add(0.5));
        assertThat(json.getJsonArray("ratios")).isEqualTo(new JsonArray().add(2e-3).add(1e-3));
    }

    @Test
    @DisplayName("an evaluation carries its confusion matrix and per-class AUCs; a large one leaves the matrix out")
    void evaluation() {
        EvaluationResult.Builder r = EvaluationResult.newBuilder().setSplit(Split.SPLIT_VALIDATION).setEpoch(3)
                .setNumClasses(2).setSampleCount(20).setAccuracy(0.75).addConfusion(5).addConfusion(5).addConfusion(0)
                .addConfusion(10).addCurves(ClassCurve.newBuilder().setClassIndex(1).setRocAuc(0.9).setAveragePrecision(0.8));
        JsonObject json = EventJson.of(Event.newBuilder().setHeader(header("S-classify-nd4j", Backend.BACKEND_ND4J))
                .setEvaluationResult(r).build());
        assertThat(json.getString("split")).isEqualTo("validation");
        assertThat(json.getJsonArray("confusion")).isEqualTo(new JsonArray().add(5L).add(5L).add(0L).add(10L));
        assertThat(json.getJsonArray("class_roc_auc")).isEqualTo(new JsonArray().addNull().add(0.9));
        assertThat(json.getJsonArray("class_ap")).isEqualTo(new JsonArray().addNull().add(0.8));

        int k = EventJson.MAX_CONFUSION_CLASSES + 1;
        EvaluationResult.Builder big = EvaluationResult.newBuilder().setSplit(Split.SPLIT_TEST).setNumClasses(k);
        for (int i = 0; i < k * k; i++) {
            big.addConfusion(1);
        }
        JsonObject bigJson = EventJson.of(Event.newBuilder().setHeader(header("S-classify-nd4j", Backend.BACKEND_ND4J))
                .setEvaluationResult(big).build());
        assertThat(bigJson.containsKey("confusion")).isFalse();
        assertThat(bigJson.getJsonArray("class_roc_auc")).hasSize(k);
    }

    @Test
    @DisplayName("a first-iteration comparison joins the group of the runs it compares")
    void comparison() {
        GradientComparison.Builder g = GradientComparison.newBuilder().setReferenceBackend(Backend.BACKEND_SCRATCH)
                .setOtherBackend(Backend.BACKEND_ND4J).setPrecision("float32").setBatchSize(64)
                .addTensors(TensorComparison.newBuilder().setLayer(0).setTensor("weight").setMaxAbsDiff(9.3e-9)
                        .setCosine(1.0).setNormReference(Double.NaN));
        JsonObject json = EventJson.of(Event.newBuilder().setHeader(header("S-classify-compare", Backend.BACKEND_ND4J))
                .setGradientComparison(g).build());
        assertThat(json.getString("type")).isEqualTo("comparison");
        assertThat(json.getString("group")).isEqualTo("S-classify");
        assertThat(json.getString("reference")).isEqualTo("scratch");
        JsonObject row = json.getJsonArray("tensors").getJsonObject(0);
        assertThat(row.getString("tensor")).isEqualTo("weight");
        assertThat(row.getDouble("max_abs_diff")).isEqualTo(9.3e-9);
        assertThat(row.getValue("norm_reference")).isEqualTo("NaN");
    }
}
