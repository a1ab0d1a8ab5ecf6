package dev.gradstream.evaluator;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicReader;
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

    /** Reads every evaluation result published so far (a plain read to the end, with TopicReader's deadline). */
    static PublishedEvaluations load(KafkaClients clients) {
        PublishedEvaluations published = new PublishedEvaluations();
        TopicReader.read(clients, List.of(Topics.EVALUATIONS), key -> true, e -> {
            if (e.hasEvaluationResult()) {
                published.add(e.getHeader().getRunId(), e.getEvaluationResult().getSplitValue(),
                        e.getEvaluationResult().getEpoch());
            }
        });
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
