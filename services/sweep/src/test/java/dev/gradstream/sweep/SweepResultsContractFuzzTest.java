package dev.gradstream.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.fuzz.ContractMutants;
import dev.gradstream.bus.fuzz.FuzzFigures;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Two sweep result collectors, fed contract mutants on the real in-process broker")
class SweepResultsContractFuzzTest {

    static final long SEED = 17;
    static final int MUTANTS = 300;
    /** Peak heap of the whole test JVM (broker, fuzzer and both collectors). */
    static final long HEAP_BOUND_BYTES = 1L << 30;

    @Test
    @DisplayName("keep running, dead-letter each refused mutant once for the service, stay under the heap bound, collect a good result after")
    void surviveMutants() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            try (SweepResults first = new SweepResults(clients, "sweep-good", 1, r -> { });
                 SweepResults second = new SweepResults(clients, "sweep-good", 1, r -> { })) {
                FuzzFigures.resetPeakHeap();
                List<FuzzFigures.Sent> sent = FuzzFigures.send(clients,
                        new ContractMutants(SEED, List.of(result("sweep-fuzz", "seed-run"))).next(MUTANTS));
                try (EventPublisher publisher = new EventPublisher(clients.producer("good"))) {
                    publisher.publish(result("sweep-good", "good-after"));
                    publisher.flush();
                }

                for (SweepResults collector : List.of(first, second)) {
                    assertThat(collector.await(60, TimeUnit.SECONDS)).as("a good result after the mutants is collected")
                            .isTrue();
                    assertThat(collector.results()).extracting(SweepResult::getRunId).containsExactly("good-after");
                }
                long refused = sent.stream().filter(FuzzFigures.Sent::refused).count();
                Map<String, Integer> dead = FuzzFigures.deadLetters(clients, SweepResults.SERVICE, (int) refused);
                String summary = FuzzFigures.checkExactlyOnce(sent, dead);
                long peak = FuzzFigures.peakHeapBytes();
                System.out.printf("sweep results fuzz (seed %d, 2 collectors): %s; peak heap %d MB%n", SEED, summary,
                        peak >> 20);
                for (SweepResults collector : List.of(first, second)) {
                    assertThat(collector.health().up()).as(collector.health().reason()).isTrue();
                }
                assertThat(peak).isLessThan(HEAP_BOUND_BYTES);
            }
        }
    }

    private static Event result(String sweepId, String runId) {
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(runId))
                .setSweepResult(SweepResult.newBuilder().setSweepId(sweepId).setJobId(sweepId + "-0").setJobIndex(0)
                        .setJobCount(1).setRunId(runId).setConfig(RunConfig.newBuilder().addHiddenSizes(128)
                                .setLearningRate(0.01).setBatchSize(64).setMaxEpochs(5))
                        .setStatus(RunStatus.RUN_STATUS_COMPLETED).setBestEpoch(4).setBestValidationLoss(0.7)
                        .setTestAccuracy(0.75).setWorker("worker-1").setDurationSeconds(3.5).setRunDir("/tmp/run"))
                .build();
    }
}
