package dev.gradstream.launcher;

import dev.gradstream.bus.HttpServing;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * {@code /health} and {@code /metrics} (this JVM) for a process that runs no monitor, such as an evaluator
 * alone or a trainer-only container, so that probes and Prometheus see it too.
 */
final class HealthEndpoint {

    private HealthEndpoint() {
    }

    /** Binds the endpoint; returns the server (its actual port when started with 0). */
    static HttpServer start(Vertx vertx, PrometheusMeterRegistry registry, String host, int port) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        Router router = HttpServing.router(vertx, host);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", HttpServing.PROMETHEUS_TEXT).end(registry.scrape()));
        router.get("/health").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json").end("{\"status\":\"UP\"}"));
        return Stack.await(HttpServing.listen(vertx, router, host, port), "/health on port " + port);
    }
}
