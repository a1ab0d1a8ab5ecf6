package dev.gradstream.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * How every gradstream HTTP server (the monitor's /metrics, a process's /health, the live view) serves:
 * <ul>
 *   <li>the first route checks the Host header ({@link HostHeaderPolicy}): a server bound to loopback answers
 *       421 to a Host naming neither loopback nor the bound host, which closes the DNS-rebinding path from a
 *       browser to local services;</li>
 *   <li>HTTP/1.1 only. A client that asks to upgrade to cleartext HTTP/2 ({@code Upgrade: h2c}; Java's
 *       {@code HttpClient} does by default) gets its answer in HTTP/1.1. Served through the upgrade, a response
 *       of a few tens of kilobytes (a /metrics scrape) never completed for about one request in ten, and the
 *       client waited past its own time-out: this hung CI once. Prometheus, Grafana and browsers never ask for
 *       h2c.</li>
 * </ul>
 */
public final class HttpServing {

    /** Content type of a Prometheus text exposition. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private HttpServing() {
    }

    /** A router whose first route is the Host check for a server bound to {@code boundHost}. */
    public static Router router(Vertx vertx, String boundHost) {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            if (HostHeaderPolicy.allows(ctx.request().getHeader(HttpHeaders.HOST), boundHost)) {
                ctx.next();
            } else {
                ctx.response().setStatusCode(421).end("this server answers only requests for " + boundHost + "\n");
            }
        });
        return router;
    }

    /** Binds {@code router} on {@code host:port} (0 for any free port), HTTP/1.1 only. */
    public static Future<HttpServer> listen(Vertx vertx, Router router, String host, int port) {
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                .requestHandler(router).listen(port, host);
    }
}
