package dev.gradstream.launcher;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.liveview.LiveViewVerticle;
import io.vertx.core.Vertx;
import java.io.PrintStream;

/**
 * Deploys the live view beside the monitor: on the port after the metrics port (9465 by default; any free
 * port when the metrics port is 0), on the same address. A live view that cannot start (its port taken)
 * is reported and skipped: training goes on without it.
 */
final class LiveViews {

    private LiveViews() {
    }

    /** The live view's port for a metrics port. */
    static int port(int metricsPort) {
        return metricsPort == 0 ? 0 : metricsPort + 1;
    }

    /** Deploys it and prints its address; null when it could not start. */
    static LiveViewVerticle deploy(Vertx vertx, KafkaClients clients, String host, int metricsPort, PrintStream out) {
        LiveViewVerticle live = new LiveViewVerticle(clients, host, port(metricsPort));
        try {
            Stack.await(vertx.deployVerticle(live), "live view");
        } catch (RuntimeException e) {
            out.println("live view not started: " + (e.getMessage() == null ? e : e.getMessage()));
            return null;
        }
        out.printf("live view: http://%s:%d/%n", host, live.actualPort());
        return live;
    }
}
