package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("The command line's evaluation watcher, on the real in-process broker")
class EvaluationWatcherTest {

    @Test
    @DisplayName("reads results from its look-back on, not the whole history of the evaluations topic")
    void skipsResultsOlderThanItsLookBack() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            long now = System.currentTimeMillis();
            try (KafkaProducer<String, byte[]> producer = clients.producer("test")) {
                send(producer, "old", now - EvaluationWatcher.LOOK_BACK.toMillis() - 60_000);
                send(producer, "recent", now - 60_000);
                producer.flush();
            }
            try (EvaluationWatcher watcher = new EvaluationWatcher(clients)) {
                assertThat(watcher.test("recent").get(60, TimeUnit.SECONDS).getAccuracy()).isEqualTo(0.75);
                try (KafkaProducer<String, byte[]> producer = clients.producer("test-later")) {
                    send(producer, "later", System.currentTimeMillis());
                }
                assertThat(watcher.test("later").get(60, TimeUnit.SECONDS).getSampleCount()).isEqualTo(20);
                // One partition, read in order: had the watcher started at the topic's start, "old" (written
                // before "recent") would be complete by now.
                assertThat(watcher.test("old")).as("a result from before the look-back").isNotDone();
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String runId, long timestamp) throws Exception {
        Event event = Event.newBuilder()
                .setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(runId)
                        .setBackend(Backend.BACKEND_SCRATCH).setTask(Task.TASK_CLASSIFY))
                .setEvaluationResult(EvaluationResult.newBuilder().setSplit(Split.SPLIT_TEST).setEpoch(1)
                        .setNumClasses(2).setSampleCount(20).setAccuracy(0.75)
                        .addConfusion(5).addConfusion(5).addConfusion(0).addConfusion(10))
                .build();
        producer.send(new ProducerRecord<>(Topics.EVALUATIONS, null, timestamp, runId, event.toByteArray())).get();
    }
}
