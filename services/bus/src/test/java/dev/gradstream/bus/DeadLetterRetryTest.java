package dev.gradstream.bus;

import dev.gradstream.broker.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.gradstream.bus.fuzz.FuzzFigures.await;
import static dev.gradstream.bus.fuzz.FuzzFigures.committed;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.Task;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("A consumer loop that cannot write a dead letter, on the real in-process broker")
class DeadLetterRetryTest {

    @Test
    @DisplayName("reports DOWN, commits nothing past the bad record, retries, and goes on once it can")
    void retriesUntilItCan() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            try (Admin admin = clients.admin()) {
                // Every topic but the dead-letter one: the broker does not create topics on demand.
                admin.createTopics(List.of(new NewTopic(Topics.RUNS, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            List<String> handled = new CopyOnWriteArrayList<>();
            EventConsumerLoop loop = new EventConsumerLoop(clients,
                    ConsumerSpec.sharedGroup("test-service", "test-group", "test-consumer", List.of(Topics.RUNS)),
                    (event, record) -> handled.add(event.getHeader().getRunId())).start();
            try (KafkaProducer<String, byte[]> raw = clients.producer("raw");
                 EventPublisher publisher = new EventPublisher(clients.producer("good"))) {
                raw.send(new ProducerRecord<>(Topics.RUNS, "bad", new byte[] {(byte) 0xff, 1, 2})).get();
                RunChannel good = new RunChannel(publisher, "good-run", Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
                good.emit(Event.newBuilder().setRunStarted(RunStarted.getDefaultInstance()));
                good.flush();
            }

            assertThat(await(() -> !loop.health().up(), 90_000)).as("DOWN while it cannot dead-letter").isTrue();
            assertThat(loop.health().reason()).contains("cannot write dead letters", Topics.RUNS + "-0@0");
            Thread.sleep(3_000);
            assertThat(handled).as("nothing after the bad record is handled").isEmpty();
            assertThat(committed(clients, "test-group")).as("nothing committed past the bad record").isIn(-1L, 0L);

            try (Admin admin = clients.admin()) {
                admin.createTopics(List.of(new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            assertThat(await(() -> handled.contains("good-run"), 60_000)).as("goes on after the retry").isTrue();
            assertThat(await(() -> loop.health().up(), 30_000)).as("UP again once the dead letter is written").isTrue();
            assertThat(loop.deadLettered()).isEqualTo(1);
            assertThat(loop.deadLetterFailures()).isPositive();
            assertThat(await(() -> committed(clients, "test-group") == 2, 30_000)).as("committed past both records").isTrue();
            System.out.printf("dead letter written after %d failed attempts%n", loop.deadLetterFailures());
            loop.close();
            assertThat(loop.health().reason()).isEqualTo("closed");
        }
    }
}
