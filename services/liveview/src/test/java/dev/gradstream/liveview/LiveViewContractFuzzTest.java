package dev.gradstream.liveview;

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
import dev.gradstream.events.v1.DatasetInfo;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Two live views, fed contract mutants on the real in-process broker")
class LiveViewContractFuzzTest {

    static final long SEED = 17;
    static final int MUTANTS = 300;
    /** Peak heap of the whole test JVM (broker, fuzzer and both live views). */
    static final long HEAP_BOUND_BYTES = 1L << 30;

    @Test
    @DisplayName("keep running, dead-letter each refused mutant once for the service, stay under the heap bound, show a good run after")
    void surviveMutants() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            Vertx vertx = Vertx.vertx();
            try {
                LiveViewVerticle first = new LiveViewVerticle(clients, "127.0.0.1", 0);
                LiveViewVerticle second = new LiveViewVerticle(clients, "127.0.0.1", 0);
                for (LiveViewVerticle v : List.of(first, second)) {
                    vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
                FuzzFigures.resetPeakHeap();

                List<FuzzFigures.Sent> sent = FuzzFigures.send(clients, new ContractMutants(SEED, SeedEvents.of("seed")).next(MUTANTS));
                try (EventPublisher publisher = new EventPublisher(clients.producer("good"))) {
                    RunChannel channel = new RunChannel(publisher, "good-after", Backend.BACKEND_SCRATCH,
                            Task.TASK_CLASSIFY, 0);
                    for (Event e : SeedEvents.of("good-after")) {
                        channel.emit(e.toBuilder().clearHeader());
                    }
                    channel.flush();
                }

                for (LiveViewVerticle v : List.of(first, second)) {
                    assertThat(pageSees(v.actualPort(), "good-after", 60_000)).as("a good run after the mutants is shown")
                            .isTrue();
                }
                long refused = sent.stream().filter(FuzzFigures.Sent::refused).count();
                Map<String, Integer> dead = FuzzFigures.deadLetters(clients, LiveViewVerticle.SERVICE, (int) refused);
                String summary = FuzzFigures.checkExactlyOnce(sent, dead);
                long peak = FuzzFigures.peakHeapBytes();
                long skipped = first.consumerLoops().get(0).skipped() + second.consumerLoops().get(0).skipped();
                System.out.printf("live view fuzz (seed %d, 2 instances): %s; %d skipped by the instances; "
                        + "%d events and %d runs evicted from one instance's history; peak heap %d MB%n", SEED, summary,
                        skipped, first.evictedEvents(), first.evictedRuns(), peak >> 20);
                assertThat(skipped).isEqualTo(2 * refused);
                for (LiveViewVerticle v : List.of(first, second)) {
                    assertThat(v.health().up()).as(v.health().reason()).isTrue();
                }
                assertThat(peak).isLessThan(HEAP_BOUND_BYTES);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Whether a page connecting to /events receives an event of {@code runId} within {@code millis}. */
    private static boolean pageSees(int port, String runId, long millis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(2_000);
                socket.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                StringBuilder seen = new StringBuilder();
                byte[] buffer = new byte[65_536];
                try {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        if (seen.indexOf("\"run\":\"" + runId + "\"") >= 0) {
                            return true;
                        }
                    }
                } catch (SocketTimeoutException quiet) {
                    // nothing more for now: connect again for a fresh snapshot
                }
            }
            Thread.sleep(500);
        }
        return false;
    }
}
