package dev.gradstream.monitor;

import dev.gradstream.bus.HostHeaderPolicy;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The first route of a server bound to loopback: requests whose Host names neither loopback nor the bound host
 * get 421 ({@link HostHeaderPolicy}), which closes the DNS-rebinding path from a browser to local services.
 */
public final class HostCheck implements Handler<RoutingContext> {

    private final String boundHost;

    public HostCheck(String boundHost) {
        this.boundHost = boundHost;
    }

    /** The Host header, or for HTTP/2 (no Host header) the :authority pseudo-header. */
    static String requestedHost(RoutingContext ctx) {
        String host = ctx.request().getHeader(HttpHeaders.HOST);
        if (host == null && ctx.request().authority() != null) {
            host = ctx.request().authority().host() + ":" + ctx.request().authority().port();
        }
        return host;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (HostHeaderPolicy.allows(requestedHost(ctx), boundHost)) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(421).end("this server answers only requests for " + boundHost + "\n");
        }
    }
}
