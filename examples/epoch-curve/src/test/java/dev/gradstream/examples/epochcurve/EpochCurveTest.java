package dev.gradstream.examples.epochcurve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.Task;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The example against the real in-process broker, with events published the way the trainer publishes
 * them (gradstream's RunChannel), on topics with several partitions.
 */
@Tag("integration")
@DisplayName("The epoch-curve example, on the real in-process broker")
class EpochCurveTest {

    private static final String RUN_A = "20261127-101500-a1b2-classify-scratch";
    private static final String RUN_B = "20261127-101500-a1b2-classify-nd4j";

    private static EmbeddedKafka kafka;
    private static Event duplicated;

    @BeforeAll
    static void publish() throws Exception {
        kafka = EmbeddedKafka.start();
        KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
        TopicSetup.ensureTopics(clients, 3, (short) 1);
        try (EventPublisher publisher = new EventPublisher(clients.producer("test-trainer"))) {
            RunChannel a = new RunChannel(publisher, RUN_A, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
            RunChannel b = new RunChannel(publisher, RUN_B, Backend.BACKEND_ND4J, Task.TASK_CLASSIFY, 0);
            for (int e = 1; e <= 3; e++) {
                for (RunChannel run : new RunChannel[] {a, b}) {
                    // Two batch events per epoch on the batches topic: the epochs topic sees sequences 2, 5, 8.
                    run.emit(Event.newBuilder().setBatchStats(BatchStats.newBuilder().setEpoch(e).setBatch(0)));
                    run.emit(Event.newBuilder().setBatchStats(BatchStats.newBuilder().setEpoch(e).setBatch(1)));
                    if (run == b && e == 2) {
                        continue; // run B's epoch 2 event is lost
                    }
                    Event sent = run.emit(Event.newBuilder().setEpochMetrics(EpochMetrics.newBuilder().setEpoch(e)
                            .setTrainLoss(1.0 / e).setTrainAccuracy(0.5 + 0.1 * e).setValidationLoss(1.1 / e)
                            .setValidationAccuracy(0.45 + 0.1 * e).setBestSoFar(true).setMaxEpochs(3)));
                    if (run == a && e == 2) {
                        duplicated = sent;
                    }
                }
            }
            publisher.flush();
        }
        // A producer that sends run A's epoch 2 a second time (e.g. a restarted producer repeating itself).
        try (KafkaProducer<String, byte[]> raw = clients.producer("test-repeater")) {
            raw.send(new ProducerRecord<>(EpochCurve.TOPIC, RUN_A, duplicated.toByteArray())).get();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EpochCurve.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("prints one run's curve, in order, and skips the repeated epoch as a duplicate")
    void printsOneRun() {
        Result r = run("--bootstrap-servers", kafka.bootstrapServers(), "--run-id", RUN_A);
        assertThat(r.out()).containsSubsequence(
                "    1    1.000000    0.6000    1.100000    0.5500    *        2  " + RUN_A + " (scratch, classify)",
                "    2    0.500000    0.7000    0.550000    0.6500    *        5  " + RUN_A,
                "    3    0.333333    0.8000    0.366667    0.7500    *        8  " + RUN_A,
                "! duplicate: run " + RUN_A + " sequence 5 (epoch 2) seen before; skipped",
                "run " + RUN_A + ": 3 epochs, best epoch 3 (val loss 0.366667), 1 duplicates, 0 gaps");
        assertThat(r.out()).doesNotContain(RUN_B).doesNotContain("! gap");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    @DisplayName("without a run id prints every run and finds the other run's missing epoch")
    void printsEveryRun() {
        Result r = run("--bootstrap-servers", kafka.bootstrapServers());
        assertThat(r.out()).contains("! gap: run " + RUN_B + " epoch 2 missing before epoch 3 (sequence 7")
                .contains("run " + RUN_B + ": 2 epochs, best epoch 3 (val loss 0.366667), 0 duplicates, 1 gaps")
                .contains("run " + RUN_A + ": 3 epochs");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    @DisplayName("refuses to run without a broker address and names the option")
    void usage() {
        Result r = run("--run-id", RUN_A);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--bootstrap-servers is required");
    }

    @Test
    @DisplayName("exits 4 with the address when nothing answers")
    void unreachable() {
        Result r = run("--bootstrap-servers", "127.0.0.1:1", "--timeout", "2");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("Kafka at 127.0.0.1:1 did not answer within 2 s");
    }
}
