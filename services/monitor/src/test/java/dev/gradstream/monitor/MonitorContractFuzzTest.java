package dev.gradstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.fuzz.ContractMutants;
import dev.gradstream.bus.fuzz.FuzzFigures;
import dev.gradstream.bus.fuzz.SeedEvents;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("The monitor, fed contract mutants on the real in-process broker")
class MonitorContractFuzzTest {

    static final long SEED = 17;
    static final int MUTANTS = 300;
    /** Peak heap of the whole test JVM (broker, fuzzer and monitor). */
    static final long HEAP_BOUND_BYTES = 1L << 30;
    /** /metrics after every mutant: the series of at most a few hundred small runs, far below a scrape problem. */
    static final int METRICS_BOUND_BYTES = 4 << 20;

    @Test
    @DisplayName("keeps running, dead-letters each refused mutant once, bounds /metrics and heap, shows a good run after")
    void surviveMutants() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            Vertx vertx = Vertx.vertx();
            try {
                MonitorVerticle monitor = new MonitorVerticle(clients, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        "127.0.0.1", 0, new MonitorSettings(MonitorSettings.DEFAULT_GROUP, null, java.time.Duration.ofMinutes(10), 10_000));
                vertx.deployVerticle(monitor).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                FuzzFigures.resetPeakHeap();

                List<FuzzFigures.Sent> sent = FuzzFigures.send(clients, new ContractMutants(SEED, SeedEvents.of("seed")).next(MUTANTS));
                try (EventPublisher publisher = new EventPublisher(clients.producer("good"))) {
                    RunChannel channel = new RunChannel(publisher, "good-after", Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
                    for (Event e : SeedEvents.of("good-after")) {
                        channel.emit(e.toBuilder().clearHeader());
                    }
                    channel.flush();
                }
                String url = "http://127.0.0.1:" + monitor.actualPort() + "/metrics";
                String[] body = {""};
                assertThat(FuzzFigures.await(() -> {
                    try {
                        body[0] = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString()).body();
                    } catch (Exception e) {
                        body[0] = e.toString();
                        return false;
                    }
                    return body[0].contains("gradstream_run_finished{backend=\"scratch\",run=\"good-after\"");
                }, 60_000)).as("a good run after the mutants reaches /metrics; health %s; its lines: %s", monitor.health(),
                        body[0].lines().filter(l -> l.contains("good-after")).limit(5).toList()
                                + " / " + body[0].substring(0, Math.min(400, body[0].length()))).isTrue();

                long refused = sent.stream().filter(FuzzFigures.Sent::refused).count();
                Map<String, Integer> dead = FuzzFigures.deadLetters(clients, "monitor", (int) refused);
                String summary = FuzzFigures.checkExactlyOnce(sent, dead);
                long peak = FuzzFigures.peakHeapBytes();
                System.out.printf("monitor fuzz (seed %d): %s; /metrics %d KB; peak heap %d MB%n", SEED, summary,
                        body[0].length() >> 10, peak >> 20);
                assertThat(monitor.health().up()).as(monitor.health().reason()).isTrue();
                assertThat(body[0].length()).isLessThan(METRICS_BOUND_BYTES);
                assertThat(peak).isLessThan(HEAP_BOUND_BYTES);
                // (Mutants name hundreds of runs: the run cap is raised so that none evicts the good run.)
                // A Host that names neither loopback nor the bound host is refused (DNS rebinding).
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", monitor.actualPort())) {
                    socket.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: attacker.example:" + monitor.actualPort()
                            + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                            java.nio.charset.StandardCharsets.US_ASCII)).readLine();
                    assertThat(status).startsWith("HTTP/1.1 421");
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
