package dev.gradstream.liveview;

import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The live view: a page at {@code /} that draws every run's loss and accuracy curves as they happen, fed
 * by server-sent events at {@code /events}. It consumes the runs, batches, epochs and evaluations topics in
 * a consumer group of its own (from the start, so that a page opened mid-run sees the whole run), turns each
 * protobuf event into JSON ({@link EventJson}) and sends it to every connected page. A page that connects
 * first receives a {@code reset} event and the recent runs ({@link RunHistory}), then the live stream.
 * The page is one HTML file with plain JavaScript and canvas: no CDN, it works offline.
 */
public final class LiveViewVerticle extends VerticleBase {

    /** Prefix of the consumer group; each live view has a group of its own (its state is in memory). */
    public static final String GROUP = "gradstream-liveview";
    /** Runs a newly connected page is sent. */
    static final int MAX_RUNS = 40;
    /** SSE comment interval, so that proxies keep the stream open and dead pages are noticed. */
    private static final long KEEP_ALIVE_MS = 15_000;

    private final KafkaClients clients;
    private final String host;
    private final int port;
    private final RunHistory history = new RunHistory(MAX_RUNS);
    private final Set<HttpServerResponse> pages = new LinkedHashSet<>();
    private EventConsumerLoop loop;
    private HttpServer server;
    private String indexHtml;

    /**
     * @param host address to bind, 127.0.0.1 unless told otherwise
     * @param port port to bind, 0 for any free one
     */
    public LiveViewVerticle(KafkaClients clients, String host, int port) {
        this.clients = clients;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        indexHtml = resource("index.html");
        Context eventLoop = context;
        String id = "liveview-" + UUID.randomUUID().toString().substring(0, 8);
        loop = new EventConsumerLoop(clients, GROUP + id.substring("liveview".length()), id,
                List.of(Topics.RUNS, Topics.EPOCHS, Topics.BATCHES, Topics.EVALUATIONS), (event, record) -> {
                    JsonObject json = EventJson.of(event);
                    if (json != null) {
                        String encoded = json.encode();
                        eventLoop.runOnContext(v -> deliver(event.getHeader().getRunId(), encoded));
                    }
                }).start();
        Router router = Router.router(vertx);
        router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-cache").end(indexHtml));
        router.get("/events").handler(this::connect);
        router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("status", "UP").put("pages", pages.size()).put("runs", history.runs()).encode()));
        vertx.setPeriodic(KEEP_ALIVE_MS, t -> broadcast(": keep-alive\n\n"));
        return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> server = s);
    }

    /** The port actually bound (useful when started with 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    private void connect(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        StringBuilder first = new StringBuilder("retry: 2000\nevent: reset\ndata: {}\n\n");
        for (String encoded : history.snapshot()) {
            first.append("data: ").append(encoded).append("\n\n");
        }
        response.write(first.toString());
        pages.add(response);
        response.closeHandler(v -> pages.remove(response));
        response.exceptionHandler(e -> pages.remove(response));
    }

    private void deliver(String runId, String encoded) {
        history.add(runId, encoded);
        broadcast("data: " + encoded + "\n\n");
    }

    private void broadcast(String frame) {
        for (HttpServerResponse page : List.copyOf(pages)) {
            if (page.writeQueueFull()) {
                // A page that cannot keep up is dropped; its EventSource reconnects and starts from a snapshot.
                pages.remove(page);
                page.reset();
                continue;
            }
            page.write(frame);
        }
    }

    private static String resource(String name) {
        try (InputStream in = LiveViewVerticle.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the live view's jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the live page", e);
        }
    }

    @Override
    public Future<?> stop() {
        if (loop != null) {
            loop.close();
        }
        for (HttpServerResponse page : pages) {
            try {
                page.end();
            } catch (IllegalStateException e) {
                // Already closed by the page: nothing to end.
            }
        }
        pages.clear();
        return Future.succeededFuture();
    }
}
