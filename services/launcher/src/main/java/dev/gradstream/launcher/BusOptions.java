package dev.gradstream.launcher;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to Kafka or serves metrics. */
final class BusOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of starting one in this process.")
    String bootstrapServers;

    @Option(names = "--kafka-dir", paramLabel = "DIR",
            description = "Where the in-process broker keeps its log, so that runs can be replayed and resumed "
                    + "later (default: .kafka in the runs directory; ignored with --bootstrap-servers).")
    Path kafkaDir;

    /**
     * Clients of the cluster --bootstrap-servers names, for a command that has no broker of its own; without
     * the option, fails saying what the cluster is for ({@code command needs --bootstrap-servers: purpose}).
     */
    KafkaClients clusterClients(String command, String purpose) {
        if (bootstrapServers == null) {
            throw new IllegalArgumentException(command + " needs --bootstrap-servers: " + purpose);
        }
        return new KafkaClients(bootstrapServers, kafkaProperties);
    }

    /**
     * Starts the in-process broker (in --kafka-dir when given, else a temporary one), printing its address to
     * {@code out}; null when --bootstrap-servers names a cluster instead.
     */
    EmbeddedKafka startBrokerUnlessCluster(PrintStream out) {
        if (bootstrapServers != null) {
            return null;
        }
        out.print("starting the in-process Kafka broker ... ");
        out.flush();
        long t0 = System.nanoTime();
        EmbeddedKafka embedded = kafkaDir == null ? EmbeddedKafka.start()
                : EmbeddedKafka.start(kafkaDir.toAbsolutePath(), false, 0);
        out.printf(Locale.ROOT, "ready at %s in %.1f s%n", embedded.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
        return embedded;
    }

    /** Clients of {@code embedded}, or of the cluster --bootstrap-servers names when it is null. */
    KafkaClients clients(EmbeddedKafka embedded) {
        return new KafkaClients(embedded != null ? embedded.bootstrapServers() : bootstrapServers, kafkaProperties);
    }

    /** Uses {@code runsDir/.kafka} for the in-process broker's log unless --kafka-dir named one. */
    BusOptions withKafkaDirUnder(Path runsDir) {
        if (kafkaDir == null) {
            kafkaDir = runsDir.resolve(".kafka");
        }
        return this;
    }

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka client setting, e.g. security.protocol=SASL_SSL (repeatable).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
            description = "Address the /metrics endpoint binds (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "9464",
            description = "Port of the /metrics endpoint, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int metricsPort;
}
