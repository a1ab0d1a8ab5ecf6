package dev.gradstream.evaluator;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicReader;
import dev.gradstream.bus.Topics;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The (run, split, epoch) keys that already have an evaluation result in Kafka. Read once from the
 * evaluations topic when an evaluator starts, then kept up to date by the evaluator itself, so that a
 * restarted or rebalanced evaluator re-reading predictions never publishes a second result for the same
 * key. At most {@link #MAX_KEYS} keys are kept, the oldest forgotten first (counted by {@link #forgotten()}):
 * an evaluator re-reads only predictions after its committed offsets, whose keys are the newest, so a
 * forgotten key matters only if a group's offsets are reset to long ago (that split is then evaluated again,
 * and the result keeps the sequence of the first, so consumers can drop it). Thread-safe.
 */
final class PublishedEvaluations {

    /** Keys kept (roughly 150 bytes each): the evaluations of about 800 default sessions (4 runs of 30 epochs). */
    static final int MAX_KEYS = 100_000;

    private final Set<String> keys = new LinkedHashSet<>();
    private long forgotten;

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

    /** Records a key, forgetting the oldest past {@link #MAX_KEYS}; false if it was already there. */
    synchronized boolean add(String runId, int split, int epoch) {
        if (!keys.add(key(runId, split, epoch))) {
            return false;
        }
        if (keys.size() > MAX_KEYS) {
            Iterator<String> oldest = keys.iterator();
            oldest.next();
            oldest.remove();
            forgotten++;
        }
        return true;
    }

    synchronized boolean contains(String runId, int split, int epoch) {
        return keys.contains(key(runId, split, epoch));
    }

    /** Keys forgotten to stay within {@link #MAX_KEYS}. */
    synchronized long forgotten() {
        return forgotten;
    }
}
