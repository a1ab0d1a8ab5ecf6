package dev.gradstream.bus;

import dev.gradstream.events.v1.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what Kafka holds: every valid event on the given topics, from the start of each partition to its end
 * at the time of the call, whose record key passes a filter. Partitions are assigned, not subscribed, and no
 * offset is committed, so reading leaves no trace on the cluster. Every read has a deadline. A record that is
 * not a valid event ({@link EventConsumerLoop#refusalOf}) is skipped: the topic's own consumers dead-letter it.
 * The one such reader (replay, resume, evaluate, and the evaluator's history of published results).
 */
public final class TopicReader {

    /** Longest wait for the end of the topics; Kafka answering nothing for this long is an error. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicReader() {
    }

    /** Hands each matching event to {@code sink}, in partition order; throws BusException past the deadline. */
    public static void read(KafkaClients clients, Collection<String> topics, Predicate<String> key, Consumer<Event> sink) {
        readRecords(clients, topics, key, (record, event) -> sink.accept(event));
    }

    /** As {@link #read(KafkaClients, Collection, Predicate, Consumer)}, with each event's record (its time, offset). */
    public static void readRecords(KafkaClients clients, Collection<String> topics, Predicate<String> key,
                                   BiConsumer<ConsumerRecord<String, byte[]>, Event> sink) {
        String id = "gradstream-reader-" + UUID.randomUUID();
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
                    throw new BusException("reading " + topics + " from " + clients.bootstrapServers()
                            + " did not reach the end within " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Event event = record.key() != null && key.test(record.key())
                            ? EventConsumerLoop.validEvent(record.value()) : null;
                    if (event != null) {
                        sink.accept(record, event);
                    }
                }
            }
        }
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
