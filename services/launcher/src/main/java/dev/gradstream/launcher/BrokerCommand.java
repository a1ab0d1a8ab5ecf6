package dev.gradstream.launcher;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream broker}: the in-process KRaft broker (the same Apache Kafka the other commands embed) as a
 * process of its own on a loopback port, with the gradstream topics created, until stopped. It stands in for
 * the compose stack's Kafka container where no container engine runs (.ci/stack.sh).
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker (KRaft) on 127.0.0.1 with the gradstream topics, until stopped.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Broker port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kafka-dir", defaultValue = "runs/.kafka", paramLabel = "DIR",
            description = "The broker's log directory, kept between starts (default: ${DEFAULT-VALUE}).")
    Path kafkaDir;

    @Mixin
    PartitionsOption topics;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be 1..65535, got " + port);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir.toAbsolutePath(), false, port);
        TopicSetup.ensureTopics(new KafkaClients(kafka.bootstrapServers(), Map.of()), topics.partitions, (short) 1);
        System.out.println("kafka: " + kafka.bootstrapServers() + " (log " + kafka.logDir() + "); serving until stopped");
        UntilStopped.onStop(kafka::stop).await();
        return ExitCodes.OK;
    }
}
