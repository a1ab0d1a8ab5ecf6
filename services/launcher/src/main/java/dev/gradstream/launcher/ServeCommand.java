package dev.gradstream.launcher;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.evaluator.EvaluatorVerticle;
import dev.gradstream.monitor.MonitorSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintStream;
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

    @Mixin
    PartitionsOption topics;

    @Override
    public Integer call() throws InterruptedException {
        for (String s : services) {
            if (!s.equals("evaluator") && !s.equals("monitor")) {
                throw new IllegalArgumentException("unknown service '" + s + "'; available: evaluator, monitor");
            }
        }
        // The broker keeps its log in runs/.kafka unless --kafka-dir names another; it prints nothing here.
        EmbeddedKafka embedded = bus.withKafkaDirUnder(Path.of("runs"))
                .startBrokerUnlessCluster(new PrintStream(PrintStream.nullOutputStream()));
        KafkaClients clients = bus.clients(embedded);
        TopicSetup.ensureTopics(clients, topics.partitions, (short) 1);
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitorSettings settings = monitorOptions.service();
        ServiceDeployment deployed = ServiceDeployment.deploy(vertx, clients, registry, bus, settings,
                Stack.services(services));
        if (deployed.monitor() != null) {
            System.out.printf(Locale.ROOT, "monitor: http://%s:%d/metrics (group %s)%s%n", bus.metricsHost,
                    deployed.port(), settings.group(),
                    settings.remoteWrite() == null ? "" : "; every point to " + settings.remoteWrite());
        }
        if (deployed.evaluator() != null) {
            System.out.println("evaluator: consuming predictions in group " + EvaluatorVerticle.GROUP);
            if (deployed.monitor() == null) { // alone, the evaluator still answers probes and shows its JVM
                System.out.printf(Locale.ROOT, "evaluator: http://%s:%d/health%n", bus.metricsHost, deployed.port());
            }
        }
        System.out.println("kafka: " + clients.bootstrapServers() + "; serving until stopped");
        UntilStopped.onStop(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            if (embedded != null) {
                embedded.close();
            }
        }).await();
        return ExitCodes.OK;
    }
}
