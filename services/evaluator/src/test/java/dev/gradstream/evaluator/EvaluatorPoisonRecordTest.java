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
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Predictions;
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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("The evaluator, fed poison records on the real in-process broker")
class EvaluatorPoisonRecordTest {

    /** Fits the broker's default 1 MB message limit, but not once copied with dead-letter headers. */
    private static final int GARBAGE_BYTES = 1_048_400;

    private EmbeddedKafka kafka;
    private KafkaClients clients;
    private Vertx vertx;

    @BeforeEach
    void start() {
        kafka = EmbeddedKafka.start();
        clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        kafka.close();
    }

    @Test
    @DisplayName("dead-letters a garbage value just under the broker's 1 MB limit (a prefix only) and evaluates a good run sent after it")
    void megabyteOfGarbage() throws Exception {
        vertx.deployVerticle(new EvaluatorVerticle(clients)).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        byte[] garbage = new byte[GARBAGE_BYTES];
        new SplittableRandom(1).nextBytes(garbage);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(rawProducerSettings())) {
            raw.send(new ProducerRecord<>(Topics.PREDICTIONS, "bad-run", garbage)).get();
        }
        goodRun("good-run");

        List<EvaluationResult> results = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : read(Topics.EVALUATIONS, 1)) {
            results.add(Event.parseFrom(r.value()).getEvaluationResult());
        }
        assertThat(results).extracting(EvaluationResult::getEpoch).containsExactly(1);
        List<ConsumerRecord<String, byte[]>> dead = read(Topics.DEAD_LETTERS, 1);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value().length).isLessThanOrEqualTo(DeadLetters.MAX_VALUE_PREFIX_BYTES);
        assertThat(header(dead.get(0), DeadLetters.SOURCE_SIZE)).isEqualTo(Integer.toString(GARBAGE_BYTES));
    }

    @Test
    @DisplayName("dead-letters a 45-byte event declaring 2^30 samples without allocating them, and goes on")
    void hugeDeclaredSize() throws Exception {
        vertx.deployVerticle(new EvaluatorVerticle(clients)).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        try (EventPublisher publisher = new EventPublisher(clients.producer("attacker"))) {
            RunChannel channel = new RunChannel(publisher, "bad-run", Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
            Event bad = channel.emit(Event.newBuilder().setPredictions(Predictions.newBuilder()
                    .setSplit(Split.SPLIT_TEST).setEpoch(1).setChunkCount(1).setNumClasses(2)
                    .setTotalSamples(1 << 30).addLabels(0).addScores(0.5f).addScores(0.5f)));
            channel.flush();
            System.out.println("declared-size event: " + bad.getSerializedSize() + " bytes");
        }
        goodRun("good-run");

        List<ConsumerRecord<String, byte[]>> evaluations = read(Topics.EVALUATIONS, 1);
        assertThat(evaluations).hasSize(1);
        assertThat(Event.parseFrom(evaluations.get(0).value()).getHeader().getRunId()).isEqualTo("good-run");
        List<ConsumerRecord<String, byte[]>> dead = read(Topics.DEAD_LETTERS, 1);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetters.REASON)).contains("total_samples");
    }

    /** One complete validation split of 60 samples in two chunks. */
    private void goodRun(String runId) {
        SplittableRandom random = new SplittableRandom(7);
        try (EventPublisher publisher = new EventPublisher(clients.producer("trainer-" + runId))) {
            RunChannel channel = new RunChannel(publisher, runId, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
            for (int c = 0; c < 2; c++) {
                Predictions.Builder p = Predictions.newBuilder().setSplit(Split.SPLIT_VALIDATION).setEpoch(1)
                        .setChunkIndex(c).setChunkCount(2).setNumClasses(3).setOffset(c * 30).setTotalSamples(60);
                for (int i = 0; i < 30; i++) {
                    p.addLabels(i % 3);
                    for (int k = 0; k < 3; k++) {
                        p.addScores((float) random.nextDouble());
                    }
                }
                channel.emit(Event.newBuilder().setPredictions(p));
            }
            channel.flush();
        }
    }

    private Map<String, Object> rawProducerSettings() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_588);
    }

    /** Reads {@code topic} from the start until {@code atLeast} records came, then 2 s more for strays. */
    private List<ConsumerRecord<String, byte[]>> read(String topic, int atLeast) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("reader-" + System.nanoTime(), "reader")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 45_000;
            while (System.currentTimeMillis() < deadline && out.size() < atLeast) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            }
            long quiet = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < quiet) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
