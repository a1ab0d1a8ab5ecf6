package dev.gradstream.liveview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("The live view's HTTP server, bound to loopback")
class LiveViewHttpTest {

    @Test
    @DisplayName("serves the page and uPlot's files from the classpath, answers Host values naming loopback, refuses others with 421, and reports its consumers UP")
    void hostHeaderAndHealth() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            Vertx vertx = Vertx.vertx();
            try {
                LiveViewVerticle live = new LiveViewVerticle(clients, "127.0.0.1", 0);
                vertx.deployVerticle(live).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                int port = live.actualPort();
                assertThat(statusLine(port, "127.0.0.1:" + port, "/health")).contains(" 200 ");
                assertThat(statusLine(port, "localhost:" + port, "/")).contains(" 200 ");
                assertThat(statusLine(port, "[::1]:" + port, "/")).contains(" 200 ");
                for (String file : List.of("/live.js", "/charts.js", "/tables.js", "/live.css",
                        "/vendor/uplot/uPlot.iife.min.js", "/vendor/uplot/uPlot.min.css")) {
                    assertThat(statusLine(port, "127.0.0.1:" + port, file)).as(file).contains(" 200 ");
                }
                assertThat(statusLine(port, "127.0.0.1:" + port, "/vendor/uplot/uPlot.esm.js")).contains(" 404 ");
                assertThat(statusLine(port, "rebind.attacker.example:" + port, "/")).contains(" 421 ");
                assertThat(statusLine(port, "rebind.attacker.example", "/events")).contains(" 421 ");
                assertThat(live.health().up()).isTrue();
                long closeStart = System.nanoTime();
                vertx.undeploy(vertx.deploymentIDs().iterator().next()).toCompletionStage().toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                System.out.printf("live view undeployed in %.1f s%n", (System.nanoTime() - closeStart) / 1e9);
                assertThat(live.health().up()).isFalse();
                assertThat(live.health().reason()).isEqualTo("closed");
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The status line of a GET with the given Host header, over a raw socket (HTTP clients fix Host). */
    private static String statusLine(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
