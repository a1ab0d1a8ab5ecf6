package dev.gradstream.liveview;

import dev.gradstream.bus.ConsumerHealth;
import dev.gradstream.bus.ConsumerSpec;
import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.HttpServing;
import dev.gradstream.bus.InstanceConsumer;
import dev.gradstream.bus.RecentRuns;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.Split;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The live view: a page at {@code /} that draws every run's curves as they happen (uPlot charts: loss and
 * accuracy per epoch, loss, gradient norms and update ratios per batch; the latest confusion matrix and the
 * first-iteration gradient comparison as tables), fed by server-sent events at {@code /events}. It consumes
 * the runs, batches, epochs, evaluations and comparisons topics in a consumer group of its own (from the
 * start of the {@link #MAX_RUNS}-th most recent run ({@link RecentRuns}), so that a page opened mid-run sees the
 * whole run and start-up does not grow with all Kafka holds), turns each protobuf event into JSON
 * ({@link EventJson}) and sends it to every connected page. A page that connects first receives a
 * {@code reset} event and the recent runs ({@link RunHistory}, thinned), then the live stream: every event
 * ({@link PageStream}). uPlot's JS and CSS come from its webjar on
 * the classpath ({@code /vendor/uplot/}): no CDN, the page works offline.
 *
 * <p>Bad records are skipped by this instance's loop and dead-lettered once for all live views by a second
 * loop in the shared group {@code gradstream-liveview-dead-letters} (see {@link ConsumerSpec}).
 * {@code /health} answers 503 and DOWN with the reason when either loop stopped. Bound to loopback, the
 * server answers only requests whose Host names loopback or the configured host ({@link HttpServing},
 * against DNS rebinding); others get 421.
 */
public final class LiveViewVerticle extends VerticleBase {

    /** Prefix of the consumer group; each live view has a group of its own (its state is in memory). */
    public static final String GROUP = "gradstream-liveview";
    /** The service name in dead letters. */
    public static final String SERVICE = "liveview";
    /** Events handed to the event loop and not yet delivered: the consumer waits beyond this. */
    static final int MAX_IN_FLIGHT = 10_000;
    private static final List<String> TOPICS = List.of(Topics.RUNS, Topics.EPOCHS, Topics.BATCHES, Topics.EVALUATIONS,
            Topics.COMPARISONS);
    /** Runs a newly connected page is sent. */
    static final int MAX_RUNS = 40;
    /** SSE comment interval, so that proxies keep the stream open and dead pages are noticed. */
    private static final long KEEP_ALIVE_MS = 15_000;
    /** The uPlot files the page loads, from the webjar (org.webjars.npm:uplot) on the classpath. */
    private static final List<String> UPLOT_FILES = List.of("uPlot.iife.min.js", "uPlot.min.css");
    /** The page's own files beside index.html. */
    private static final List<String> PAGE_FILES = List.of("live.js", "charts.js", "tables.js", "live.css");

    private final KafkaClients clients;
    private final String host;
    private final int port;
    private final RunHistory history = new RunHistory(MAX_RUNS);
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private PageStream pages;
    private InstanceConsumer consumer;
    private HttpServer server;
    private final Map<String, String> files = new HashMap<>();

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
        files.put("/", resource(LiveViewVerticle.class, "index.html"));
        for (String name : PAGE_FILES) {
            files.put("/" + name, resource(LiveViewVerticle.class, name));
        }
        String uplot = UplotWebjar.directory();
        for (String name : UPLOT_FILES) {
            files.put("/vendor/uplot/" + name, resource(null, uplot + name));
        }
        pages = new PageStream(vertx, history);
        Context eventLoop = context;
        consumer = new InstanceConsumer(clients, SERVICE, TOPICS, (event, record) -> {
            JsonObject json = EventJson.of(event);
            if (json != null) {
                String encoded = EventJson.encode(json);
                RunHistory.Kind kind = kind(event);
                inFlight.acquire(); // bounded hand-over: the consumer waits while the event loop is behind
                eventLoop.runOnContext(v -> {
                    inFlight.release();
                    deliver(event.getHeader().getRunId(), kind, encoded);
                });
            }
        });
        // The history keeps the MAX_RUNS most recent runs: reading from the oldest one's start costs what is kept.
        consumer.loop().startAt(() -> RecentRuns.startOf(clients, MAX_RUNS));
        consumer.start();
        Router router = HttpServing.router(vertx, host);
        for (Map.Entry<String, String> file : files.entrySet()) {
            String type = contentType(file.getKey());
            router.get(file.getKey()).handler(ctx -> ctx.response().putHeader("content-type", type)
                    .putHeader("cache-control", "no-cache").end(file.getValue()));
        }
        router.get("/events").handler(pages::connect);
        router.get("/health").handler(ctx -> {
            ConsumerHealth health = health();
            ctx.response().setStatusCode(health.up() ? 200 : 503).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", health.status()).put("reason", health.reason())
                            .put("pages", pages.size()).put("runs", history.runs())
                            .put("history_chars", history.chars())
                            .put("evicted_runs", history.evictedRuns()).put("evicted_events", history.evictedEvents())
                            .put("dropped_pages", pages.dropped())
                            .encode());
        });
        vertx.setPeriodic(KEEP_ALIVE_MS, t -> pages.keepAlive());
        return HttpServing.listen(vertx, router, host, port).onSuccess(s -> server = s);
    }

    private static RunHistory.Kind kind(Event event) {
        return switch (event.getPayloadCase()) {
            case RUN_STARTED -> RunHistory.Kind.START;
            case BATCH_STATS -> RunHistory.Kind.BATCH;
            case RUN_FINISHED -> RunHistory.Kind.END;
            case EVALUATION_RESULT -> event.getEvaluationResult().getSplit() == Split.SPLIT_TEST
                    ? RunHistory.Kind.END : RunHistory.Kind.LATEST;
            default -> RunHistory.Kind.PROGRESS;
        };
    }

    /** UP while both consumer loops run; DOWN with the first one's reason otherwise. */
    public ConsumerHealth health() {
        return consumer == null ? ConsumerHealth.down("live view not started") : consumer.health();
    }

    /** Runs dropped from the history a new page receives, for any reason. */
    public long evictedRuns() {
        return history.evictedRuns();
    }

    /** Runs dropped from the history because {@link #MAX_RUNS} newer ones arrived (a counter to bind). */
    public long runsEvictedByCount() {
        return history.evictedRuns(RunHistory.Eviction.RUNS);
    }

    /** Runs dropped to keep the history within {@link RunHistory#MAX_HISTORY_CHARS} (a counter to bind). */
    public long runsEvictedBySize() {
        return history.evictedRuns(RunHistory.Eviction.CHARS);
    }

    /** Events dropped from kept runs' history to keep each run within its caps (a counter to bind). */
    public long evictedEvents() {
        return history.evictedEvents();
    }

    /** Pages dropped because they fell {@link PageStream#PAGE_QUEUE_BYTES} behind or found {@link PageStream#MAX_PAGES} open. */
    public long droppedPages() {
        return pages == null ? 0 : pages.dropped();
    }

    /** This instance's loop (skips bad records) and the service's dead-letter loop, for their counts. */
    public List<EventConsumerLoop> consumerLoops() {
        return consumer == null ? List.of() : consumer.loops();
    }

    /** The port actually bound (useful when started with 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** Keeps the event for new pages and queues it for the open ones: a page open during a run gets every event. */
    private void deliver(String runId, RunHistory.Kind kind, String encoded) {
        history.add(runId, kind, encoded);
        pages.send(encoded);
    }

    /** A page file: beside this class when {@code near} is given, else by its full classpath name. */
    static String resource(Class<?> near, String name) {
        try (InputStream in = near != null ? near.getResourceAsStream(name)
                : LiveViewVerticle.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the live page's " + name, e);
        }
    }

    private static String contentType(String path) {
        if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return path.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    }

    /** Ends the pages, then closes both consumers off the event loop (each close has a time-out). */
    @Override
    public Future<?> stop() {
        if (pages != null) {
            pages.close();
        }
        inFlight.release(MAX_IN_FLIGHT); // a consumer waiting for the event loop must not wait forever
        return vertx.executeBlocking(() -> {
            if (consumer != null) {
                consumer.close();
            }
            return null;
        });
    }
}
