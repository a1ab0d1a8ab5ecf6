package dev.gradstream.evaluator;

import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.Predictions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Joins the chunks of one (run, split, epoch) back into whole arrays. A chunk seen twice (at-least-once
 * delivery) simply replaces itself. It remembers the record offset of each pending split's first chunk,
 * so that the consumer never commits past a chunk whose split is not complete yet: after a crash those
 * chunks are read again. Not thread-safe: used by one consumer thread.
 */
public final class PredictionAssembler {

    /** A complete split: labels, row-major scores, and the event that completed it. */
    public record Assembled(Event last, int[] labels, float[] scores, int numClasses) {
    }

    private record Key(String runId, int split, int epoch) {
    }

    private static final class Parts {
        final Predictions[] chunks;
        final TopicPartition partition;
        final long firstOffset;
        int received;

        Parts(int count, TopicPartition partition, long firstOffset) {
            chunks = new Predictions[count];
            this.partition = partition;
            this.firstOffset = firstOffset;
        }
    }

    private final Map<Key, Parts> pending = new HashMap<>();

    /** Adds a chunk that did not come from a consumer (no offset to hold back); see the other {@code add}. */
    public Optional<Assembled> add(Event event) {
        return add(event, null, -1);
    }

    /** Adds a chunk read from {@code partition} at {@code offset}; returns the whole split once complete. */
    Optional<Assembled> add(Event event, TopicPartition partition, long recordOffset) {
        Predictions p = event.getPredictions();
        if (p.getChunkCount() <= 0 || p.getChunkIndex() < 0 || p.getChunkIndex() >= p.getChunkCount()
                || p.getNumClasses() < 2 || p.getScoresCount() != p.getLabelsCount() * p.getNumClasses()) {
            throw new IllegalArgumentException("malformed predictions chunk " + p.getChunkIndex() + "/"
                    + p.getChunkCount() + " of run " + event.getHeader().getRunId() + ": " + p.getLabelsCount()
                    + " labels, " + p.getScoresCount() + " scores, " + p.getNumClasses() + " classes");
        }
        Key key = new Key(event.getHeader().getRunId(), p.getSplitValue(), p.getEpoch());
        Parts parts = pending.computeIfAbsent(key, k -> new Parts(p.getChunkCount(), partition, recordOffset));
        if (parts.chunks.length != p.getChunkCount()) {
            throw new IllegalArgumentException("run " + key.runId() + " epoch " + key.epoch()
                    + ": chunk count changed from " + parts.chunks.length + " to " + p.getChunkCount());
        }
        if (parts.chunks[p.getChunkIndex()] == null) {
            parts.received++;
        }
        parts.chunks[p.getChunkIndex()] = p;
        if (parts.received < parts.chunks.length) {
            return Optional.empty();
        }
        pending.remove(key);
        int total = p.getTotalSamples();
        int k = p.getNumClasses();
        int[] labels = new int[total];
        float[] scores = new float[total * k];
        int filled = 0;
        for (Predictions chunk : parts.chunks) {
            int offset = chunk.getOffset();
            if (offset < 0 || offset + chunk.getLabelsCount() > total) {
                throw new IllegalArgumentException("run " + key.runId() + ": chunk at offset " + offset
                        + " overruns " + total + " samples");
            }
            for (int i = 0; i < chunk.getLabelsCount(); i++) {
                labels[offset + i] = chunk.getLabels(i);
            }
            for (int i = 0; i < chunk.getScoresCount(); i++) {
                scores[offset * k + i] = chunk.getScores(i);
            }
            filled += chunk.getLabelsCount();
        }
        if (filled != total) {
            throw new IllegalArgumentException("run " + key.runId() + ": chunks hold " + filled + " samples, expected "
                    + total);
        }
        return Optional.of(new Assembled(event, labels, scores, k));
    }

    /** The lowest offset in {@code partition} of a chunk whose split is still incomplete, or -1. */
    long firstNeededOffset(TopicPartition partition) {
        long first = -1;
        for (Parts parts : pending.values()) {
            if (partition.equals(parts.partition) && (first < 0 || parts.firstOffset < first)) {
                first = parts.firstOffset;
            }
        }
        return first;
    }
}
