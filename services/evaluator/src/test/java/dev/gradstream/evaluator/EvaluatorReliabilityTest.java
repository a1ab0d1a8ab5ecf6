package dev.gradstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.bus.DeadLetters;
import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("The evaluator, on the real in-process broker")
class EvaluatorReliabilityTest {

    private static final int K = 3;
    private static final int ROWS_PER_CHUNK = 40;

    private EmbeddedKafka kafka;
    private KafkaClients clients;
    private Vertx vertx;
    private EventPublisher publisher;
    private RunChannel channel;
    private final SplittableRandom random = new SplittableRandom(5);

    @BeforeEach
    void start() {
        kafka = EmbeddedKafka.start();
        clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        vertx = Vertx.vertx();
        publisher = new EventPublisher(clients.producer("test-trainer"));
        channel = new RunChannel(publisher, "run-1", Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
    }

    @AfterEach
    void stop() {
        publisher.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        kafka.close();
    }

    private String deploy(EvaluatorVerticle evaluator) throws Exception {
        return vertx.deployVerticle(evaluator).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** One chunk of validation predictions of {@code epoch}: random labels and scores. */
    private void chunk(int epoch, int index, int count) {
        Predictions.Builder p = Predictions.newBuilder().setSplit(Split.SPLIT_VALIDATION).setEpoch(epoch)
                .setChunkIndex(index).setChunkCount(count).setNumClasses(K).setOffset(index * ROWS_PER_CHUNK)
                .setTotalSamples(count * ROWS_PER_CHUNK);
        for (int i = 0; i < ROWS_PER_CHUNK; i++) {
            p.addLabels(i % K);
            for (int k = 0; k < K; k++) {
                p.addScores((float) random.nextDouble());
            }
        }
        channel.emit(Event.newBuilder().setPredictions(p));
        channel.flush();
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast, long waitMillis) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("reader-" + System.nanoTime(), "reader")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + waitMillis;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
                if (out.size() >= atLeast && atLeast > 0) {
                    // keep reading a little longer: a duplicate would arrive right behind
                    long quiet = System.currentTimeMillis() + 1500;
                    while (System.currentTimeMillis() < quiet) {
                        consumer.poll(Duration.ofMillis(300)).forEach(out::add);
                    }
                    break;
                }
            }
        }
        return out;
    }

    private static List<EvaluationResult> results(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        List<EvaluationResult> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            out.add(Event.parseFrom(r.value()).getEvaluationResult());
        }
        return out;
    }

    @Test
    @DisplayName("killed mid-split and restarted, evaluates every epoch exactly once")
    void restartEvaluatesEveryEpochOnce() throws Exception {
        String first = deploy(new EvaluatorVerticle(clients));
        chunk(1, 0, 2);
        chunk(1, 1, 2);
        chunk(2, 0, 2);
        chunk(2, 1, 2);
        chunk(3, 0, 2);
        assertThat(results(readAll(Topics.EVALUATIONS, 2, 30_000))).extracting(EvaluationResult::getEpoch)
                .containsExactly(1, 2);
        vertx.undeploy(first).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        // While no evaluator runs: the rest of epoch 3, and a redelivered copy of epoch 1.
        chunk(3, 1, 2);
        chunk(1, 0, 2);
        chunk(1, 1, 2);
        deploy(new EvaluatorVerticle(clients));

        List<EvaluationResult> results = results(readAll(Topics.EVALUATIONS, 3, 30_000));
        assertThat(results).extracting(EvaluationResult::getEpoch).containsExactly(1, 2, 3);
        assertThat(results.get(2).getSampleCount()).isEqualTo(2 * ROWS_PER_CHUNK);
    }

    @Test
    @DisplayName("sends undecodable, unknown-version and refused events to the dead-letter topic and goes on")
    void deadLetters() throws Exception {
        deploy(new EvaluatorVerticle(clients));
        try (KafkaProducer<String, byte[]> raw = clients.producer("test-raw")) {
            raw.send(new ProducerRecord<>(Topics.PREDICTIONS, "run-1", "not protobuf \u0000\u00ff".getBytes(
                    StandardCharsets.ISO_8859_1))).get();
            Event future = Event.newBuilder()
                    .setHeader(EventHeader.newBuilder().setSchemaVersion(99).setRunId("run-1"))
                    .setRunStarted(RunStarted.getDefaultInstance()).build();
            raw.send(new ProducerRecord<>(Topics.PREDICTIONS, "run-1", future.toByteArray())).get();
            Event inconsistent = channel.emit(Event.newBuilder().setPredictions(Predictions.newBuilder()
                    .setSplit(Split.SPLIT_VALIDATION).setEpoch(9).setChunkCount(1).setNumClasses(K).setTotalSamples(1)
                    .addLabels(0).addScores(0.5f))); // one label but one score for three classes
            assertThat(inconsistent.hasPredictions()).isTrue();
        }
        chunk(1, 0, 1); // a good event after the bad ones is still evaluated

        assertThat(results(readAll(Topics.EVALUATIONS, 1, 30_000))).extracting(EvaluationResult::getEpoch)
                .containsExactly(1);
        List<ConsumerRecord<String, byte[]>> dead = readAll(Topics.DEAD_LETTERS, 3, 30_000);
        assertThat(dead).hasSize(3);
        List<String> reasons = dead.stream().map(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(),
                StandardCharsets.UTF_8)).toList();
        assertThat(reasons.get(0)).contains("not a gradstream.events.v1.Event");
        assertThat(reasons.get(1)).contains("unknown schema version 99");
        assertThat(reasons.get(2)).contains("predictions.scores");
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.SOURCE_TOPIC).value(),
                StandardCharsets.UTF_8)).isEqualTo(Topics.PREDICTIONS);
    }
}
