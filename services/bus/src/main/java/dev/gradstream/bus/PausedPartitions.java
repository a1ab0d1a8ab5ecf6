package dev.gradstream.bus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions a consumer loop holds back because a dead letter could not be written, each with its next
 * retry time and attempt count. The backoff doubles from {@link #FIRST_BACKOFF_MS} up to
 * {@link #MAX_BACKOFF_MS}, well under {@code max.poll.interval.ms}, since the loop keeps polling (its other
 * partitions go on) while a partition waits. Not thread-safe: used on the loop's thread only.
 */
final class PausedPartitions {

    static final long FIRST_BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 30_000;

    private record Retry(long dueNanos, int attempts, String why) {
    }

    private final Map<TopicPartition, Retry> paused = new HashMap<>();

    /** Records a failed attempt on {@code partition}; returns the wait before the next one, in ms. */
    long failed(TopicPartition partition, String why, long nowNanos) {
        Retry before = paused.get(partition);
        int attempts = before == null ? 1 : before.attempts() + 1;
        long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempts - 1, 16));
        paused.put(partition, new Retry(nowNanos + backoff * 1_000_000, attempts, why));
        return backoff;
    }

    /** The dead letter of {@code partition}'s record was written: it needs no more retries. */
    void succeeded(TopicPartition partition) {
        paused.remove(partition);
    }

    /** Partitions whose retry is due; they stay listed until {@link #succeeded} or {@link #forget}. */
    List<TopicPartition> due(long nowNanos) {
        List<TopicPartition> due = new ArrayList<>();
        paused.forEach((tp, r) -> {
            if (nowNanos - r.dueNanos() >= 0) {
                due.add(tp);
            }
        });
        return due;
    }

    /** Partitions taken away by a rebalance: whoever gets them next reads the record again. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(paused::remove);
    }

    boolean isEmpty() {
        return paused.isEmpty();
    }

    /** Why the loop is held back, for its health; empty when it is not. */
    String describe() {
        return paused.entrySet().stream().map(e -> e.getKey() + " (attempt " + e.getValue().attempts() + "): "
                + e.getValue().why()).reduce((a, b) -> a + "; " + b).orElse("");
    }
}
