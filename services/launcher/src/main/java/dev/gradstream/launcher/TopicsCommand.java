package dev.gradstream.launcher;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gradstream topics}: how many records each gradstream topic holds on a cluster (latest minus earliest
 * offset over its partitions). {@code --expect-empty TOPIC} turns it into a check, e.g. that nothing was
 * dead-lettered.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Print the records held by each gradstream topic of a Kafka cluster.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (and every --expect-empty topic is empty)", "1:an --expect-empty topic holds records",
            "4:Kafka unreachable"})
final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]", description = "The cluster.")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "Extra Kafka client setting (repeatable).")
    Map<String, String> kafkaProperties = new HashMap<>();

    @Option(names = "--expect-empty", paramLabel = "TOPIC", description = "Exit 1 unless this topic is empty (repeatable).")
    List<String> expectEmpty = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        try (Admin admin = new KafkaClients(bootstrapServers, kafkaProperties).admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(topicsAndDeadLetters()).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(d -> d.partitions().forEach(p -> {
                earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            }));
            var first = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            var last = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (String topic : topicsAndDeadLetters()) {
                long n = 0;
                for (var e : last.entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        n += e.getValue().offset() - first.get(e.getKey()).offset();
                    }
                }
                counts.put(topic, n);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new BusException("could not list the topics of " + bootstrapServers + ": " + e.getMessage(), e);
        }
        counts.forEach((topic, n) -> System.out.printf(Locale.ROOT, "%-32s %,d records%n", topic, n));
        int code = ExitCodes.OK;
        for (String topic : expectEmpty) {
            long n = counts.getOrDefault(topic, -1L);
            if (n != 0) {
                System.err.println("gradstream: topic " + topic + (n < 0 ? " is not a gradstream topic" : " holds " + n + " records"));
                code = ExitCodes.RUN_FAILED;
            }
        }
        return code;
    }

    private static List<String> topicsAndDeadLetters() {
        List<String> all = new ArrayList<>(Topics.ALL);
        all.add(Topics.DEAD_LETTERS);
        return all;
    }
}
