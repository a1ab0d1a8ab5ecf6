package dev.gradstream.launcher;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.evaluator.EvaluatorVerticle;
import dev.gradstream.monitor.MonitorSettings;
import dev.gradstream.monitor.MonitorVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.Set;

/**
 * The long-lived services of a process on its Vert.x instance, as every command's {@link Stack} and
 * {@code serve} deploy them: the monitor with /metrics on the metrics port; without a monitor, /health (and
 * this JVM's /metrics) on that port, so that probes and Prometheus still see the process; the evaluator with
 * its meters on that registry. With no service at all, nothing listens. The live view is the stack's own.
 *
 * @param monitor   the monitor, or null when not deployed
 * @param evaluator the evaluator, or null when not deployed
 * @param port      the port that answers /metrics or /health, or -1 when nothing listens
 */
record ServiceDeployment(MonitorVerticle monitor, EvaluatorVerticle evaluator, int port) {

    static ServiceDeployment deploy(Vertx vertx, KafkaClients clients, PrometheusMeterRegistry registry,
                                    BusOptions options, MonitorSettings monitorSettings, Set<Stack.Service> services) {
        ServiceMeters.bindUndelivered(registry); // the trainers' and the evaluator's events, whichever services run
        MonitorVerticle monitor = null;
        int port = -1;
        if (services.contains(Stack.Service.MONITOR)) {
            monitor = new MonitorVerticle(clients, registry, options.metricsHost, options.metricsPort, monitorSettings);
            Stack.await(vertx.deployVerticle(monitor), "monitor");
            port = monitor.actualPort();
        } else if (!services.isEmpty()) {
            port = HealthEndpoint.start(vertx, registry, options.metricsHost, options.metricsPort).actualPort();
        }
        EvaluatorVerticle evaluator = null;
        if (services.contains(Stack.Service.EVALUATOR)) {
            evaluator = new EvaluatorVerticle(clients);
            Stack.await(vertx.deployVerticle(evaluator), "evaluator");
            ServiceMeters.bind(registry, evaluator);
        }
        return new ServiceDeployment(monitor, evaluator, port);
    }
}
