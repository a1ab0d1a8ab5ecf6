package dev.gradstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.bus.fuzz.ContractMutants;
import dev.gradstream.bus.fuzz.FuzzFigures;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("The evaluator, fed contract mutants on the real in-process broker")
class EvaluatorContractFuzzTest {

    static final long SEED = 17;
    static final int MUTANTS = 300;
    /** Peak heap of the whole test JVM (broker, fuzzer and evaluator); a 2^30-sample split alone needs 12 GB. */
    static final long HEAP_BOUND_BYTES = 1L << 30;

    @Test
    @DisplayName("keeps running, dead-letters each refused mutant once, stays under its heap bound, evaluates a good run after")
    void survivesMutants() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            Vertx vertx = Vertx.vertx();
            try {
                EvaluatorVerticle evaluator = new EvaluatorVerticle(clients);
                vertx.deployVerticle(evaluator).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                FuzzFigures.resetPeakHeap();

                List<FuzzFigures.Sent> sent = FuzzFigures.send(clients,
                        new ContractMutants(SEED, List.of(chunk("seed", 0, 1), chunk("seed", 0, 2), chunk("seed", 1, 2)))
                                .next(MUTANTS));
                try (EventPublisher publisher = new EventPublisher(clients.producer("good"))) {
                    RunChannel channel = new RunChannel(publisher, "good-after", Backend.BACKEND_SCRATCH,
                            Task.TASK_CLASSIFY, 0);
                    channel.emit(chunk("good-after", 0, 1).toBuilder().clearHeader());
                    channel.flush();
                }

                assertThat(awaitEvaluation(clients, "good-after")).as("a good run after the mutants is evaluated").isTrue();
                long refused = sent.stream().filter(FuzzFigures.Sent::refused).count();
                Map<String, Integer> dead = FuzzFigures.deadLetters(clients, EvaluatorVerticle.SERVICE, (int) refused);
                String summary = FuzzFigures.checkExactlyOnce(sent, dead);
                long peak = FuzzFigures.peakHeapBytes();
                System.out.printf("evaluator fuzz (seed %d): %s; %d incomplete splits evicted; peak heap %d MB%n",
                        SEED, summary, evaluator.evictedSplits(), peak >> 20);
                assertThat(evaluator.health().up()).as(evaluator.health().reason()).isTrue();
                assertThat(peak).isLessThan(HEAP_BOUND_BYTES);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A well-formed chunk: 20 validation samples of 2 classes per chunk. */
    private static Event chunk(String runId, int index, int count) {
        Predictions.Builder p = Predictions.newBuilder().setSplit(Split.SPLIT_VALIDATION).setEpoch(1)
                .setChunkIndex(index).setChunkCount(count).setNumClasses(2).setOffset(index * 20).setTotalSamples(count * 20);
        for (int i = 0; i < 20; i++) {
            p.addLabels(i % 2).addScores(0.25f + 0.5f * (i % 2)).addScores(0.75f - 0.5f * (i % 2));
        }
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(runId)
                .setBackend(Backend.BACKEND_SCRATCH).setTask(Task.TASK_CLASSIFY)).setPredictions(p).build();
    }

    private static boolean awaitEvaluation(KafkaClients clients, String runId) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("fuzz-evaluations", "fuzz-evaluations")) {
            consumer.subscribe(List.of(Topics.EVALUATIONS));
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (runId.equals(r.key())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
