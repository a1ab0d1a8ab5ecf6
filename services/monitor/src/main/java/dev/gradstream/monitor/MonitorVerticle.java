package dev.gradstream.monitor;

import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.UUID;

/**
 * The monitor service: consumes every gradstream topic in its own consumer group and serves the
 * resulting series in Prometheus text format at {@code /metrics}, with {@code /health} for probes.
 * JVM and Kafka-client metrics of this process are included.
 */
public final class MonitorVerticle extends VerticleBase {

    /**
     * Prefix of the monitor's consumer group. Each monitor instance has a group of its own
     * ({@code gradstream-monitor-<id>}) and reads every topic from the start: the series are in-memory
     * state, so two monitors sharing a group would each see only part of the events, and a restarted
     * monitor resuming from committed offsets would have lost the runs before them.
     */
    public static final String GROUP = "gradstream-monitor";
    /** Runs that keep series at once; older ones are dropped so that the run label stays bounded. */
    public static final int MAX_RUNS = 200;

    private final KafkaClients clients;
    private final PrometheusMeterRegistry registry;
    private final String host;
    private final int port;
    private EventConsumerLoop loop;
    private HttpServer server;
    private KafkaClientMetrics kafkaMetrics;

    /**
     * @param registry where series are kept (shared with the rest of the process, so its own
     *                 producers' metrics can be bound to it too)
     * @param host     address to bind, 127.0.0.1 unless told otherwise
     * @param port     port to bind, 0 for any free one
     */
    public MonitorVerticle(KafkaClients clients, PrometheusMeterRegistry registry, String host, int port) {
        this.clients = clients;
        this.registry = registry;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        EventMetrics metrics = new EventMetrics(new GaugeBoard(registry, MAX_RUNS));
        String id = "monitor-" + UUID.randomUUID().toString().substring(0, 8);
        loop = new EventConsumerLoop(clients, GROUP + id.substring("monitor".length()), id, Topics.ALL,
                (event, record) -> metrics.accept(event, record.topic()));
        kafkaMetrics = new KafkaClientMetrics(loop.kafkaConsumer());
        kafkaMetrics.bindTo(registry);
        loop.start();
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        router.get("/health").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json").end("{\"status\":\"UP\"}"));
        return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> server = s);
    }

    /** The port actually bound (useful when started with 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        if (loop != null) {
            loop.close();
        }
        if (kafkaMetrics != null) {
            kafkaMetrics.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }
}
