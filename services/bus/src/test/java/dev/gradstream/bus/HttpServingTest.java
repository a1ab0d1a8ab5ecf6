package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HttpServing: the Host check first, HTTP/1.1 only")
class HttpServingTest {

    /** About the size of a monitor's /metrics page: the size at which answers through the h2c upgrade hung. */
    private static final String BODY = "x".repeat(100_000);

    private Vertx vertx;
    private int port;

    @BeforeEach
    void serve() throws Exception {
        vertx = Vertx.vertx();
        Router router = HttpServing.router(vertx, "127.0.0.1");
        router.get("/metrics").handler(ctx -> ctx.response().end(BODY));
        HttpServer server = HttpServing.listen(vertx, router, "127.0.0.1", 0)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("Java's HttpClient, which asks to upgrade to h2c, gets every answer whole in HTTP/1.1")
    void h2cUpgradeAnsweredInHttp11() throws Exception {
        for (int i = 0; i < 30; i++) {
            HttpClient http = HttpClient.newHttpClient(); // a new connection, so each request asks to upgrade
            HttpResponse<String> r = http.sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                    .get(20, TimeUnit.SECONDS); // the client's own time-out did not fire when the answer hung
            assertThat(r.version()).as("request %d", i).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).hasSize(BODY.length());
        }
    }

    @Test
    @DisplayName("bound to loopback: a Host naming loopback is answered, another gets 421, none is refused too")
    void hostCheck() throws Exception {
        assertThat(statusLine("localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(statusLine("127.0.0.1")).isEqualTo("HTTP/1.1 200 OK");
        assertThat(statusLine("rebind.attacker.example:" + port)).startsWith("HTTP/1.1 421");
        assertThat(statusLine(null)).isEqualTo("HTTP/1.1 400 Bad Request"); // Vert.x refuses it before any route
    }

    /** The status line of a GET /metrics with the given Host header (none when null), over a raw socket. */
    private String statusLine(String host) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /metrics HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r' && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
