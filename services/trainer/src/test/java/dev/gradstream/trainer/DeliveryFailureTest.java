package dev.gradstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.bus.BusException;
import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@DisplayName("A run whose events can no longer be delivered")
class DeliveryFailureTest {

    @Test
    @DisplayName("fails with the reason in outcome.json, and undeploys without blocking the event loop")
    void writesFailedOutcome(@TempDir Path tmp) throws Exception {
        DataSplits data = DataSets.load(null, 0.2, 3);
        TrainingConfig config = new TrainingConfig(new int[] {128, 128}, 0.01, 0.9, 64, 30, 3, 0.2, Precision.FLOAT64);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), true, 0)) {
            TopicSetup.ensureTopics(new KafkaClients(kafka.bootstrapServers(), Map.of()), 1, (short) 1);
            // The broker stalls past a short delivery time-out (the case, 120 s, made 3 s).
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of("delivery.timeout.ms", "3000",
                    "request.timeout.ms", "1000", "max.block.ms", "2000"));
            // A blocked-thread check stricter than Vert.x's 2 s default: any block of the event loop > 1 s fails.
            Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(1).setMaxEventLoopExecuteTimeUnit(
                    TimeUnit.SECONDS).setBlockedThreadCheckInterval(200));
            try {
                Path runDir = tmp.resolve("run");
                TrainerVerticle trainer = new TrainerVerticle(new TrainingJob("stalled-run", "scratch",
                        new TaskSpec.Classify(), config, data, runDir, null), clients);
                String id = vertx.deployVerticle(trainer).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                Path epochs = runDir.resolve(RunDirectoryListener.EPOCHS);
                long deadline = System.currentTimeMillis() + 60_000;
                while ((!Files.exists(epochs) || Files.readAllLines(epochs).size() < 2)
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                kafka.stop();

                assertThatThrownBy(() -> trainer.outcome().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BusException.class);
                JsonObject outcome = new JsonObject(Files.readString(runDir.resolve(RunDirectoryListener.OUTCOME)));
                assertThat(outcome.getString("status")).isEqualTo("failed");
                assertThat(outcome.getString("reason")).contains("was not delivered");
                assertThat(outcome.getInteger("epochs_completed")).isPositive().isLessThan(config.maxEpochs());
                assertThat(outcome.getInteger("best_epoch")).isPositive();

                long t0 = System.nanoTime();
                vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("delivery failure: %s; undeployed in %.1f s%n", outcome.getString("reason"), seconds);
                assertThat(seconds).isLessThan(15);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
