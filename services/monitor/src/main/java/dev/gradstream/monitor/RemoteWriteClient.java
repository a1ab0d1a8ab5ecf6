package dev.gradstream.monitor;

import dev.gradstream.monitor.prompb.WriteRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.xerial.snappy.Snappy;

/**
 * Sends one remote-write request (protobuf, snappy block-compressed, remote write 1.0) to a Prometheus
 * receiver and classifies the answer: {@link Outcome#SENT} for 2xx; {@link Outcome#REJECTED} for a 4xx other
 * than 429, which the same bytes would get again (out-of-order or out-of-bounds samples); {@link Outcome#RETRY}
 * for everything that may pass later (refused or timed-out connection, 429, 5xx). Thread-safe.
 */
final class RemoteWriteClient {

    enum Outcome { SENT, REJECTED, RETRY }

    /** What happened; {@code reason} is a short label for metrics, {@code message} the receiver's own words. */
    record Result(Outcome outcome, String reason, String message) {
    }

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;

    RemoteWriteClient(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    URI url() {
        return url;
    }

    Result write(WriteRequest request) throws InterruptedException {
        byte[] body;
        try {
            body = Snappy.compress(request.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("snappy could not compress a remote-write request", e);
        }
        HttpRequest post = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("User-Agent", "gradstream-monitor")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Result(Outcome.RETRY, "unreachable", url + ": " + e);
        }
        int status = response.statusCode();
        String message = "HTTP " + status + " from " + url + ": " + response.body().strip();
        if (status / 100 == 2) {
            return new Result(Outcome.SENT, "ok", message);
        }
        if (status / 100 == 4 && status != 429) {
            return new Result(Outcome.REJECTED, "http_4xx", message);
        }
        return new Result(Outcome.RETRY, status == 429 ? "http_429" : "http_" + (status / 100) + "xx", message);
    }
}
