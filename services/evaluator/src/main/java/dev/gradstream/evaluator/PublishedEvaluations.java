package dev.gradstream.evaluator;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The (run, split, epoch) keys that already have an evaluation result in Kafka. Read once from the
 * evaluations topic when an evaluator starts, then kept up to date by the evaluator itself, so that a
 * restarted or rebalanced evaluator re-reading predictions never publishes a second result for the same
 * key. Thread-safe.
 */
final class PublishedEvaluations {

    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    static String key(String runId, int split, int epoch) {
        return runId + "/" + split + "/" + epoch;
    }

    /** Reads every evaluation result published so far (no consumer group: a plain read to the end). */
    static PublishedEvaluations load(KafkaClients clients) {
        PublishedEvaluations published = new PublishedEvaluations();
        String id = "evaluator-history-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer(id, id)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.EVALUATIONS, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        Event e = Event.parseFrom(r.value());
                        if (e.hasEvaluationResult()) {
                            published.add(e.getHeader().getRunId(), e.getEvaluationResult().getSplitValue(),
                                    e.getEvaluationResult().getEpoch());
                        }
                    } catch (InvalidProtocolBufferException ignored) {
                        // Not ours to judge here: the topic's own consumers dead-letter it.
                    }
                }
            }
        }
        return published;
    }

    /** Records a key; false if it was already there. */
    boolean add(String runId, int split, int epoch) {
        return keys.add(key(runId, split, epoch));
    }

    boolean contains(String runId, int split, int epoch) {
        return keys.contains(key(runId, split, epoch));
    }
}
