package dev.gradstream.monitor;

import dev.gradstream.bus.ConsumerHealth;
import dev.gradstream.bus.ConsumerSpec;
import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.HttpServing;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

/**
 * The monitor service: consumes every gradstream topic in its consumer group ({@link MonitorSettings#group()},
 * stable, so a restart continues where it stopped) and serves the current state in Prometheus text format at
 * {@code /metrics}, with {@code /health} for probes and {@code POST /alerts} as Alertmanager's default log
 * receiver. With a remote-write URL it also writes every epoch, batch and evaluation to Prometheus as
 * lossless series ({@link RemoteWriteLoop}). JVM and Kafka-client metrics of this process are included.
 */
public final class MonitorVerticle extends VerticleBase {

    private final KafkaClients clients;
    private final PrometheusMeterRegistry registry;
    private final String host;
    private final int port;
    private final MonitorSettings settings;
    private EventConsumerLoop loop;
    private RemoteWriteLoop remoteWrite;
    private HttpServer server;
    private KafkaClientMetrics kafkaMetrics;
    private GaugeBoard board;

    /**
     * @param registry where series are kept (shared with the rest of the process, so its own
     *                 producers' metrics can be bound to it too)
     * @param host     address to bind, 127.0.0.1 unless told otherwise
     * @param port     port to bind, 0 for any free one
     */
    public MonitorVerticle(KafkaClients clients, PrometheusMeterRegistry registry, String host, int port,
                           MonitorSettings settings) {
        this.clients = clients;
        this.registry = registry;
        this.host = host;
        this.port = port;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        board = new GaugeBoard(registry, settings.maxRuns(), settings.finishedRunTtl());
        EventMetrics metrics = new EventMetrics(board);
        String id = "monitor-" + UUID.randomUUID().toString().substring(0, 8);
        // Instances sharing the group share the partitions, so a bad record is dead-lettered once for the service.
        loop = new EventConsumerLoop(clients, ConsumerSpec.sharedGroup("monitor", settings.group(), id, Topics.ALL),
                (event, record) -> metrics.accept(event, record.topic()));
        bindConsumerMeters(registry, "monitor", "0", loop);
        kafkaMetrics = new KafkaClientMetrics(loop.kafkaConsumer());
        kafkaMetrics.bindTo(registry);
        loop.start();
        if (settings.remoteWrite() != null) {
            remoteWrite = new RemoteWriteLoop(clients, settings.group() + "-remote-write", id + "-remote-write",
                    new RemoteWriteClient(settings.remoteWrite(), Duration.ofSeconds(10)), registry).start();
        }
        long sweepMs = Math.max(100, Math.min(5_000, settings.finishedRunTtl().toMillis() / 4));
        vertx.setPeriodic(sweepMs, t -> board.expireFinished(System.nanoTime()));
        AlertLog alerts = new AlertLog(registry);
        Router router = HttpServing.router(vertx, host);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", HttpServing.PROMETHEUS_TEXT).end(registry.scrape()));
        router.get("/health").handler(ctx -> {
            ConsumerHealth health = health();
            JsonObject body = new JsonObject().put("status", health.status());
            if (!health.up()) {
                body.put("reason", health.reason());
            }
            ctx.response().setStatusCode(health.up() ? 200 : 503)
                    .putHeader("content-type", "application/json").end(body.encode());
        });
        router.post("/alerts").handler(BodyHandler.create().setBodyLimit(1 << 20));
        router.post("/alerts").handler(ctx -> {
            try {
                alerts.accept(ctx.body().asString());
                ctx.response().setStatusCode(200).end();
            } catch (IllegalArgumentException e) {
                ctx.response().setStatusCode(400).end(e.getMessage());
            }
        });
        return HttpServing.listen(vertx, router, host, port).onSuccess(s -> server = s);
    }

    /**
     * A consumer loop's processing latency (from each event's own time to the end of its handling:
     * {@code gradstream_consumer_latency_seconds}, p50, p99 and max over the last minute) and its lag
     * ({@code gradstream_consumer_lag}, records behind the end of its partitions), tagged by service and loop.
     * Every service binds its loops here, so the meters are the same for all.
     */
    public static void bindConsumerMeters(MeterRegistry registry, String service, String loopName,
                                          EventConsumerLoop loop) {
        Timer latency = Timer.builder("gradstream.consumer.latency").tags("service", service, "loop", loopName)
                .description("Time from an event's event_time to the end of this consumer's handling of it")
                .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                .distributionStatisticBufferLength(3).register(registry);
        Gauge.builder("gradstream.consumer.lag", loop, EventConsumerLoop::lag).tags("service", service, "loop", loopName)
                .description("Records behind the end of this consumer's partitions at its last poll")
                .register(registry);
        loop.observe((event, handledAt) -> latency.record(
                Math.max(0, handledAt - event.getHeader().getEventTimeUnixMs()), TimeUnit.MILLISECONDS));
    }

    /** UP while the gauge loop (and the remote writer, if any) run; DOWN with the reason otherwise. */
    public ConsumerHealth health() {
        if (loop == null) {
            return ConsumerHealth.down("monitor not started");
        }
        String writer = remoteWrite == null ? null : remoteWrite.stoppedBecause();
        return ConsumerHealth.worst(loop.health(),
                writer == null ? ConsumerHealth.ok() : ConsumerHealth.down("remote writer stopped: " + writer));
    }

    /** The port actually bound (useful when started with 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            // Both consumers stop polling first, then leave their groups side by side (about 0.5 s each).
            if (remoteWrite != null) {
                remoteWrite.stop();
            }
            if (loop != null) {
                loop.stop();
            }
            if (remoteWrite != null) {
                remoteWrite.close();
            }
            if (loop != null) {
                loop.close();
            }
            if (kafkaMetrics != null) {
                kafkaMetrics.close();
            }
            if (board != null) {
                board.close();
            }
            return null;
        }).compose(v -> server == null ? Future.succeededFuture() : server.close());
    }
}
