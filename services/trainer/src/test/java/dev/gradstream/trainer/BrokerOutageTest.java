package dev.gradstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.Event;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@DisplayName("A broker outage in the middle of a run")
class BrokerOutageTest {

    @Test
    @DisplayName("pauses or buffers the trainer, and afterwards every batch and epoch event is in Kafka exactly once")
    void everyEventExactlyOnce(@TempDir Path tmp) throws Exception {
        DataSplits data = DataSets.load(null, 0.2, 3);
        // float64 keeps the run slow enough (several seconds) for the outage to fall in its middle.
        TrainingConfig config = new TrainingConfig(new int[] {128, 128}, 0.01, 0.9, 64, 12, 3, 0.2, Precision.FLOAT64);
        int batchesPerEpoch = (data.train().count() + 63) / 64;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), true, 0)) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            Vertx vertx = Vertx.vertx();
            try {
                TrainingJob job = new TrainingJob("outage-run", "scratch", new TaskSpec.Classify(), config, data,
                        tmp.resolve("run"), null);
                TrainerVerticle trainer = new TrainerVerticle(job, clients);
                vertx.deployVerticle(trainer).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

                Path epochs = tmp.resolve("run").resolve(RunDirectoryListener.EPOCHS);
                long deadline = System.currentTimeMillis() + 60_000;
                while (lines(epochs) < 3 && System.currentTimeMillis() < deadline) { // header + 2 epochs
                    Thread.sleep(50);
                }
                kafka.stop();
                int epochsAtStop = lines(epochs) - 1;
                Thread.sleep(5_000);
                int epochsDuringOutage = lines(epochs) - 1 - epochsAtStop;
                kafka.restart();

                RunOutcome outcome = trainer.outcome().toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
                assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
                assertThat(epochsAtStop).as("the outage began mid-run").isLessThan(config.maxEpochs());
                System.out.printf("outage: stopped after epoch %d, %d epochs trained during the 5 s outage%n",
                        epochsAtStop, epochsDuringOutage);

                List<BatchStats> batches = new ArrayList<>();
                List<Integer> epochEvents = new ArrayList<>();
                Set<Long> sequences = new HashSet<>();
                int duplicates = 0;
                try (KafkaConsumer<String, byte[]> consumer = clients.consumer("outage-reader", "outage-reader")) {
                    consumer.subscribe(List.of(Topics.BATCHES, Topics.EPOCHS));
                    int expected = config.maxEpochs() * (batchesPerEpoch + 1);
                    long until = System.currentTimeMillis() + 60_000;
                    while (batches.size() + epochEvents.size() < expected && System.currentTimeMillis() < until) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            Event e = Event.parseFrom(r.value());
                            if (!sequences.add(e.getHeader().getSequence())) {
                                duplicates++;
                            }
                            if (e.hasBatchStats()) {
                                batches.add(e.getBatchStats());
                            } else {
                                epochEvents.add(e.getEpochMetrics().getEpoch());
                            }
                        }
                    }
                    consumer.poll(Duration.ofSeconds(2)).forEach(r -> batches.add(null)); // nothing more may come
                }
                assertThat(duplicates).isZero();
                assertThat(batches).hasSize(config.maxEpochs() * batchesPerEpoch).doesNotContainNull();
                for (int i = 0; i < batches.size(); i++) {
                    assertThat(batches.get(i).getStep()).isEqualTo(i);
                }
                assertThat(epochEvents).hasSize(config.maxEpochs());
                for (int i = 0; i < epochEvents.size(); i++) {
                    assertThat(epochEvents.get(i)).isEqualTo(i + 1);
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static int lines(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }
}
