package dev.gradstream.launcher;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.evaluator.EvaluatorVerticle;
import dev.gradstream.monitor.MonitorSettings;
import dev.gradstream.monitor.MonitorVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream serve}: runs long-lived services (evaluator, monitor) until stopped, each able to
 * live in its own process or container and join its consumer group on a shared cluster.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the evaluator and/or monitor services until stopped (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Mixin
    MonitorOptions monitorOptions;

    @Option(names = "--services", split = ",", defaultValue = "evaluator,monitor",
            description = "Which services to run: evaluator, monitor (default: ${DEFAULT-VALUE}).")
    List<String> services;

    @Option(names = "--partitions", defaultValue = "1",
            description = "Partitions for topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws InterruptedException {
        for (String s : services) {
            if (!s.equals("evaluator") && !s.equals("monitor")) {
                throw new IllegalArgumentException("unknown service '" + s + "'; available: evaluator, monitor");
            }
        }
        EmbeddedKafka embedded = bus.bootstrapServers == null
                ? EmbeddedKafka.start(bus.withKafkaDirUnder(Path.of("runs")).kafkaDir.toAbsolutePath(), false, 0) : null;
        String bootstrap = embedded != null ? embedded.bootstrapServers() : bus.bootstrapServers;
        KafkaClients clients = new KafkaClients(bootstrap, bus.kafkaProperties);
        TopicSetup.ensureTopics(clients, partitions, (short) 1);
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (services.contains("monitor")) {
            MonitorSettings settings = monitorOptions.service();
            MonitorVerticle monitor = new MonitorVerticle(clients, registry, bus.metricsHost, bus.metricsPort, settings);
            Stack.await(vertx.deployVerticle(monitor), "monitor");
            System.out.printf(Locale.ROOT, "monitor: http://%s:%d/metrics (group %s)%s%n", bus.metricsHost,
                    monitor.actualPort(), settings.group(),
                    settings.remoteWrite() == null ? "" : "; every point to " + settings.remoteWrite());
        }
        if (services.contains("evaluator")) {
            EvaluatorVerticle evaluator = new EvaluatorVerticle(clients);
            Stack.await(vertx.deployVerticle(evaluator), "evaluator");
            ServiceMeters.bind(registry, evaluator);
            System.out.println("evaluator: consuming predictions in group " + EvaluatorVerticle.GROUP);
            if (!services.contains("monitor")) {
                // Alone, the evaluator still answers probes and shows its JVM to Prometheus.
                int port = HealthEndpoint.start(vertx, registry, bus.metricsHost, bus.metricsPort).actualPort();
                System.out.printf(Locale.ROOT, "evaluator: http://%s:%d/health%n", bus.metricsHost, port);
            }
        }
        System.out.println("kafka: " + bootstrap + "; serving until stopped");
        UntilStopped.onStop(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            if (embedded != null) {
                embedded.close();
            }
        }).await();
        return ExitCodes.OK;
    }
}
