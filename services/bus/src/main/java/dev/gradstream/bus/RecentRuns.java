package dev.gradstream.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where a consumer that keeps only the most recent runs (the live view's page history) starts reading, so that
 * its start-up costs what it keeps, not everything Kafka holds: the time of the first record of the {@code n}-th
 * most recent run, a run being a run id on {@link Topics#RUNS} (its start) or {@link Topics#COMPARISONS} (a
 * first-iteration comparison, published before its session's runs start), as the live view's history counts
 * them. Reading every topic from that time on delivers every event of those {@code n} runs and of all later ones.
 * Both topics hold a few small records a run, so finding the time reads little even after thousands of runs.
 */
public final class RecentRuns {

    private RecentRuns() {
    }

    /**
     * The record time (Unix ms) at which the {@code n}-th most recent run began, or empty when there are fewer
     * than {@code n} runs (then everything is recent). Throws BusException when Kafka does not answer
     * within {@link TopicReader#TIMEOUT}.
     */
    public static OptionalLong startOf(KafkaClients clients, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of recent runs must be at least 1, got " + n);
        }
        Map<String, Long> started = new HashMap<>(); // run id -> time of its first record
        TopicReader.readRecords(clients, List.of(Topics.RUNS, Topics.COMPARISONS), key -> true,
                (record, event) -> started.merge(event.getHeader().getRunId(), record.timestamp(), Math::min));
        if (started.size() < n) {
            return OptionalLong.empty();
        }
        List<Long> times = new ArrayList<>(started.values());
        times.sort(null);
        return OptionalLong.of(times.get(times.size() - n));
    }
}
