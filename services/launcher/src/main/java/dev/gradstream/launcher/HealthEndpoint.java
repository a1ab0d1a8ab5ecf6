package dev.gradstream.launcher;

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
        Router router = Router.router(vertx);
        router.route().handler(new dev.gradstream.monitor.HostCheck(host));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
        router.get("/health").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json").end("{\"status\":\"UP\"}"));
        return Stack.await(vertx.createHttpServer().requestHandler(router).listen(port, host), "/health on port " + port);
    }
}
