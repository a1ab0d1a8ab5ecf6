package dev.gradstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.LayerGradientStats;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Task;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("The monitor's remote writer, on the real broker and a real Prometheus")
class RemoteWriteLoopTest {

    private static final int LAYERS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedKafka kafka;
    private KafkaClients clients;
    private EventPublisher publisher;
    private SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Path tmp;
    private PrometheusServer prometheus;
    private RemoteWriteLoop loop;

    @BeforeEach
    void start() throws Exception {
        kafka = EmbeddedKafka.start();
        clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        publisher = new EventPublisher(clients.producer("test-trainer"));
        tmp = Files.createTempDirectory("gradstream-remote-write-");
    }

    @AfterEach
    void stop() throws Exception {
        if (loop != null) {
            loop.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        publisher.close();
        kafka.close();
    }

    @Test
    @DisplayName("every batch and epoch is a point, even when all of a run's events carry the same millisecond")
    void everyPointArrives() throws Exception {
        prometheus = PrometheusServer.start(tmp.resolve("prometheus"), "");
        long now = System.currentTimeMillis();
        publishRun("burst", now, now, 3, 40);
        loop = startLoop(prometheus.remoteWriteUrl());

        String run = "{run=\"burst\"}";
        prometheus.awaitValue("count_over_time(gradstream_history_batch_loss" + run + "[1h])", 120, WAIT);
        assertThat(prometheus.single("count_over_time(gradstream_history_epoch" + run + "[1h])")).isEqualTo(3);
        assertThat(prometheus.single("count_over_time(gradstream_history_loss{run=\"burst\",split=\"validation\"}[1h])"))
                .isEqualTo(3);
        assertThat(prometheus.single("count_over_time(gradstream_history_gradient_l2_norm{run=\"burst\",layer=\"2\"}[1h])"))
                .isEqualTo(120);
        // The values are the run's own: steps 0..119 sum to 7140, epochs 1..3 to 6; losses as published.
        assertThat(prometheus.single("sum_over_time(gradstream_history_step" + run + "[1h])")).isEqualTo(7140);
        assertThat(prometheus.single("sum_over_time(gradstream_history_epoch" + run + "[1h])")).isEqualTo(6);
        assertThat(prometheus.single("max_over_time(gradstream_history_batch_loss" + run + "[1h])")).isEqualTo(loss(0));
        assertThat(prometheus.single("min_over_time(gradstream_history_batch_loss" + run + "[1h])")).isEqualTo(loss(119));
        // The start annotation's value is its own time; the end one carries the status.
        assertThat(prometheus.single("gradstream_history_run_started" + run)).isEqualTo(now);
        assertThat(prometheus.query("gradstream_history_run_finished{run=\"burst\",status=\"completed\"}")).hasSize(1);
        assertThat(registry.get("gradstream.remote.write.samples").tag("outcome", "rejected").counter().count()).isZero();
    }

    @Test
    @DisplayName("while Prometheus is down the backlog is reported, and everything is written once it is back")
    void prometheusDownThenBack() throws Exception {
        int port = PrometheusServer.freePort();
        long now = System.currentTimeMillis();
        publishRun("outage", now, now + 1, 2, 25);
        loop = startLoop(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/write"));
        awaitUnreachable(2);
        assertThat(registry.get("gradstream.remote.write.backlog.records").gauge().value()).isPositive();
        assertThat(registry.get("gradstream.remote.write.pending.samples").gauge().value()).isPositive();

        prometheus = PrometheusServer.start(tmp.resolve("prometheus"), port, "");
        prometheus.awaitValue("count_over_time(gradstream_history_batch_loss{run=\"outage\"}[1h])", 50, WAIT);
        assertThat(prometheus.single("count_over_time(gradstream_history_accuracy_ratio{run=\"outage\",split=\"train\"}[1h])"))
                .isEqualTo(2);
        waitUntil(() -> registry.get("gradstream.remote.write.backlog.records").gauge().value() == 0, 10);
        assertThat(registry.get("gradstream.remote.write.backlog.records").gauge().value()).isZero();
    }

    @Test
    @DisplayName("a sample Prometheus refuses (too old) is counted and logged, and every other sample is written")
    void refusedSampleIsIsolated() throws Exception {
        prometheus = PrometheusServer.start(tmp.resolve("prometheus"), "");
        long now = System.currentTimeMillis();
        publishRun("first", now, now, 1, 5);
        loop = startLoop(prometheus.remoteWriteUrl());
        prometheus.awaitValue("count_over_time(gradstream_history_batch_loss{run=\"first\"}[1h])", 5, WAIT);

        // A run whose first batch claims to be 3 h old: outside Prometheus' head, so refused with HTTP 400.
        long old = now - TimeUnit.HOURS.toMillis(3);
        publishRun("late", old, now + 10, 1, 8);
        prometheus.awaitValue("count_over_time(gradstream_history_batch_loss{run=\"late\"}[1h])", 7, WAIT);
        // Refused: the old batch's step, loss and 4 statistics per layer, plus the run-started sample at that time.
        double perBatch = 2 + 4 * LAYERS;
        waitUntil(() -> rejected() >= perBatch + 1, 10);
        assertThat(rejected()).isEqualTo(perBatch + 1);
        assertThat(failures("http_4xx")).isPositive();
        // The epoch's sample may travel in a later write than the batches awaited above.
        prometheus.awaitValue("count_over_time(gradstream_history_epoch{run=\"late\"}[1h])", 1, WAIT);
    }

    @Test
    @DisplayName("a writer closed while Prometheus is down commits nothing: the next one of its group writes it all")
    void closedWhileDownCommitsNothing() throws Exception {
        int port = PrometheusServer.freePort();
        long now = System.currentTimeMillis();
        publishRun("handover", now, now + 1, 2, 30);
        try (var producer = clients.producer("test-garbage")) {
            producer.send(new ProducerRecord<>(Topics.BATCHES, "handover", new byte[] {1, 2, 3})).get();
        }
        loop = startLoop(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/write"));
        awaitUnreachable(1);
        loop.close();

        // The next writer is another process: its meters are its own (the first may not have reached the garbage).
        registry = new SimpleMeterRegistry();
        prometheus = PrometheusServer.start(tmp.resolve("prometheus"), port, "");
        loop = startLoop(prometheus.remoteWriteUrl());
        prometheus.awaitValue("count_over_time(gradstream_history_batch_loss{run=\"handover\"}[1h])", 60, WAIT);
        assertThat(prometheus.single("count_over_time(gradstream_history_epoch{run=\"handover\"}[1h])")).isEqualTo(2);
        // The record that is no event was read again by the next writer, skipped, and written nowhere.
        waitUntil(() -> skipped() > 0, 10);
        assertThat(skipped()).isPositive();
    }

    private RemoteWriteLoop startLoop(java.net.URI url) {
        return new RemoteWriteLoop(clients, "test-monitor-remote-write", "test-remote-write",
                new RemoteWriteClient(url, Duration.ofSeconds(2)), registry).start();
    }

    /** Waits (30 s at most) until {@code attempts} writes found Prometheus unreachable. */
    private void awaitUnreachable(int attempts) throws InterruptedException {
        waitUntil(() -> failures("unreachable") >= attempts, 30);
        assertThat(failures("unreachable")).as("failed attempts while Prometheus is down")
                .isGreaterThanOrEqualTo(attempts);
    }

    /** Polls {@code done} every 100 ms for at most {@code seconds}; the caller asserts what it waited for. */
    private static void waitUntil(BooleanSupplier done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private double failures(String reason) {
        var counter = registry.find("gradstream.remote.write.requests.failed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double skipped() {
        return registry.get("gradstream.remote.write.records.skipped").functionCounter().count();
    }

    private double rejected() {
        return registry.get("gradstream.remote.write.samples").tag("outcome", "rejected").counter().count();
    }

    private static double loss(int step) {
        return 2.0 / (1 + step);
    }

    /**
     * A run's events: started at {@code startMs}, then {@code epochs} x {@code batches} batch events and the epochs,
     * all after the first stamped {@code laterMs}, then finished.
     */
    private void publishRun(String run, long startMs, long laterMs, int epochs, int batches) {
        long[] seq = {0};
        publisher.publish(event(run, startMs, seq, Event.newBuilder().setRunStarted(RunStarted.getDefaultInstance())));
        int step = 0;
        for (int e = 1; e <= epochs; e++) {
            for (int b = 0; b < batches; b++, step++) {
                BatchStats.Builder stats = BatchStats.newBuilder().setStep(step).setEpoch(e).setBatchSize(64).setLoss(loss(step));
                for (int l = 0; l < LAYERS; l++) {
                    stats.addLayers(LayerGradientStats.newBuilder().setLayer(l).setGradL2Norm(0.1 * (l + 1) + step)
                            .setGradMeanAbs(0.01).setGradMaxAbs(0.5).setUpdateRatio(1e-3));
                }
                long t = step == 0 ? startMs : laterMs;
                publisher.publish(event(run, t, seq, Event.newBuilder().setBatchStats(stats)));
            }
            publisher.publish(event(run, laterMs, seq, Event.newBuilder().setEpochMetrics(EpochMetrics.newBuilder()
                    .setEpoch(e).setMaxEpochs(epochs).setTrainLoss(1.0 / e).setValidationLoss(1.1 / e)
                    .setTrainAccuracy(0.5 + 0.1 * e).setValidationAccuracy(0.45 + 0.1 * e).setSamplesPerSecond(1e5))));
        }
        publisher.publish(event(run, laterMs, seq, Event.newBuilder().setRunFinished(RunFinished.newBuilder()
                .setStatus(RunStatus.RUN_STATUS_COMPLETED).setEpochsCompleted(epochs))));
        publisher.flush();
    }

    private static Event event(String run, long timeMs, long[] seq, Event.Builder payload) {
        return payload.setHeader(EventHeader.newBuilder().setSchemaVersion(RunChannel.SCHEMA_VERSION).setRunId(run)
                .setBackend(Backend.BACKEND_SCRATCH).setTask(Task.TASK_CLASSIFY).setEventTimeUnixMs(timeMs)
                .setSequence(seq[0]++)).build();
    }
}
