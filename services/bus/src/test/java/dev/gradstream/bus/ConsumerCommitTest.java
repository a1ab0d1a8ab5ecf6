package dev.gradstream.bus;

import static dev.gradstream.bus.fuzz.FuzzFigures.await;
import static dev.gradstream.bus.fuzz.FuzzFigures.committed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.Task;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("A consumer loop's commits, on the real in-process broker")
class ConsumerCommitTest {

    @Test
    @DisplayName("commits what it handled before it closes, also inside the commit interval")
    void commitsOnClose() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            try (Admin admin = clients.admin()) {
                admin.createTopics(List.of(new NewTopic(Topics.RUNS, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            List<String> handled = new CopyOnWriteArrayList<>();
            AtomicReference<EventConsumerLoop> self = new AtomicReference<>();
            EventConsumerLoop loop = new EventConsumerLoop(clients,
                    ConsumerSpec.sharedGroup("test-service", "commit-group", "test-consumer", List.of(Topics.RUNS)),
                    (event, record) -> {
                        handled.add(event.getHeader().getRunId());
                        if (event.getHeader().getRunId().equals("last")) {
                            self.get().stop(); // on the loop's thread, right after handling: its poll is not committed yet
                        }
                    });
            self.set(loop);
            loop.start();
            try (EventPublisher publisher = new EventPublisher(clients.producer("test-producer"))) {
                send(publisher, "first");
                assertThat(await(() -> committed(clients, "commit-group") == 1, 30_000)).as("the first record committed").isTrue();
                // Well inside COMMIT_INTERVAL of that commit, so the loop only notes this one's offset.
                send(publisher, "last");
            }
            assertThat(await(() -> handled.contains("last"), 30_000)).isTrue();
            loop.close();
            assertThat(handled).containsExactly("first", "last");
            assertThat(committed(clients, "commit-group")).as("the offset after the last handled record, committed by close").isEqualTo(2);
        }
    }

    private static void send(EventPublisher publisher, String runId) {
        RunChannel channel = new RunChannel(publisher, runId, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
        channel.emit(Event.newBuilder().setRunStarted(RunStarted.getDefaultInstance()));
        channel.flush();
    }
}
