package dev.gradstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code prometheus} (Debian's package, from PATH) for tests: its own TSDB in a temporary folder, the
 * remote-write receiver on, a scrape configuration given as YAML, and its HTTP API. Fails with the install hint
 * when the binary is missing.
 */
public final class PrometheusServer implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dir;
    private final int port;
    private final Path log;
    private Process process;

    private PrometheusServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.log = dir.resolve("prometheus.log");
    }

    /** Starts Prometheus on a free port with {@code scrapeConfigs} (YAML under scrape_configs:, may be empty). */
    public static PrometheusServer start(Path dir, String scrapeConfigs) throws Exception {
        return start(dir, freePort(), scrapeConfigs);
    }

    /** Starts Prometheus on {@code port}, keeping its TSDB in {@code dir} (a restart on the same dir keeps data). */
    public static PrometheusServer start(Path dir, int port, String scrapeConfigs) throws Exception {
        PrometheusServer server = new PrometheusServer(dir, port);
        server.launch(scrapeConfigs);
        return server;
    }

    private void launch(String scrapeConfigs) throws Exception {
        String binary = onPath("prometheus");
        if (binary == null) {
            throw new AssertionError("the 'prometheus' binary is not on PATH (PATH=" + System.getenv("PATH") + "): "
                    + "install it with `apt-get install prometheus` or run .ci/dashboards.sh, which installs it.");
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + (scrapeConfigs.isBlank() ? "" : "scrape_configs:\n" + scrapeConfigs));
        process = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("prometheus was not ready within 30 s:\n" + logTail());
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The remote-write receiver's URL. */
    public URI remoteWriteUrl() {
        return URI.create(url() + "/api/v1/write");
    }

    /** Instant query: the result series, or an assertion error with Prometheus' own message. */
    public JsonArray query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("status")).as("Prometheus on %s: %s", promql, response.body()).isEqualTo("success");
        return body.getJsonObject("data").getJsonArray("result");
    }

    /** The value of a query that returns one series, or NaN when it returns none. */
    public double single(String promql) throws IOException, InterruptedException {
        JsonArray series = query(promql);
        assertThat(series.size()).as("series of %s: %s", promql, series).isLessThanOrEqualTo(1);
        return series.isEmpty() ? Double.NaN
                : Double.parseDouble(series.getJsonObject(0).getJsonArray("value").getString(1));
    }

    /** Polls {@code promql} until its single value equals {@code expected}; fails with the last value and the log. */
    public void awaitValue(String promql, double expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double seen = Double.NaN;
        while (System.nanoTime() < deadline) {
            seen = single(promql);
            if (seen == expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + promql + " == " + expected + ", last "
                + seen + "\nprometheus log:\n" + logTail());
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Stops Prometheus (its data stays in the folder). */
    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
