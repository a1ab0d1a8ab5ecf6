package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@DisplayName("A run whose loss turns NaN")
class DivergedRunTest {

    @Test
    @DisplayName("ends as diverged, says so in a run-finished event, and names where it happened")
    void divergedRunIsReported(@TempDir Path runs) throws Exception {
        BusOptions options = new BusOptions();
        options.metricsHost = "127.0.0.1";
        options.metricsPort = 0;
        try (Stack stack = Stack.start(options, System.out)) {
            TrainingConfig config = new TrainingConfig(new int[] {128, 128, 128}, 1e9, 0.9, 64, 3, 1, 0.2, Precision.FLOAT32);
            RunResult result = stack.train(new dev.gradstream.core.training.TaskSpec.Classify(), List.of("scratch"), config, DataSets.load(null, 0.2, 1), Session.create(runs), null).get(0);
            assertThat(result.outcome().status()).isEqualTo(RunOutcome.Status.DIVERGED);
            assertThat(result.outcome().reason()).contains("NaN").contains("epoch 1");
            assertThat(Files.readString(result.runDir().resolve("outcome.json"))).contains("\"diverged\"");

            RunFinished finished = null;
            KafkaClients clients = new KafkaClients(stack.bootstrapServers(), Map.of());
            try (KafkaConsumer<String, byte[]> consumer = clients.consumer("test-diverged", "test-diverged")) {
                consumer.subscribe(List.of(Topics.RUNS));
                long deadline = System.currentTimeMillis() + 30_000;
                while (finished == null && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        Event e = Event.parseFrom(r.value());
                        if (e.hasRunFinished() && r.key().equals(result.runId())) {
                            finished = e.getRunFinished();
                        }
                    }
                }
            }
            assertThat(finished).isNotNull();
            assertThat(finished.getStatus()).isEqualTo(RunStatus.RUN_STATUS_DIVERGED);
            assertThat(finished.getReason()).contains("NaN");
        }
    }
}
