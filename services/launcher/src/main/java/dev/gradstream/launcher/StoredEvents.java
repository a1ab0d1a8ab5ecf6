package dev.gradstream.launcher;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.events.v1.Event;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what Kafka holds: every event on the given topics, from the start of each partition to its end at
 * the time of the call, whose record key passes a filter. Partitions are assigned, not subscribed, and no
 * offset is committed: reading leaves no trace on the cluster.
 */
final class StoredEvents {

    /** Longest wait for the end of the topics; Kafka answering nothing for this long is an error. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private StoredEvents() {
    }

    /** The matching events, ordered by run id, then by each run's sequence number. */
    static List<Event> read(KafkaClients clients, Collection<String> topics, Predicate<String> key) {
        String id = "gradstream-reader-" + UUID.randomUUID();
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer(id, id)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new dev.gradstream.bus.BusException("reading " + topics + " from " + clients.bootstrapServers()
                            + " did not reach the end within " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && key.test(record.key())) {
                        try {
                            events.add(Event.parseFrom(record.value()));
                        } catch (InvalidProtocolBufferException e) {
                            System.err.printf("skipping malformed record %s-%d@%d%n", record.topic(), record.partition(),
                                    record.offset());
                        }
                    }
                }
            }
        }
        events.sort(Comparator.comparing((Event e) -> e.getHeader().getRunId())
                .thenComparingLong(e -> e.getHeader().getSequence()));
        return events;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
