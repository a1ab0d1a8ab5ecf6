package dev.gradstream.liveview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.Task;
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
    @DisplayName("an epoch keeps its numbers, turns NaN into null, and survives a JSON round trip")
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
        assertThat(json.getValue("validation_loss")).isNull();
        assertThat(json.getBoolean("best")).isTrue();
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
}
