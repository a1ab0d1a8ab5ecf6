package dev.gradstream.evaluator;

import dev.gradstream.bus.EventLimits;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.Predictions;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the chunks of one (run, split, epoch) back into whole arrays. A chunk seen twice (at-least-once
 * delivery) simply replaces itself. It remembers the record offset of each pending split's first chunk,
 * so that the consumer never commits past a chunk whose split is not complete yet: after a crash those
 * chunks are read again.
 *
 * <p>Memory is bounded whatever producers write. Every chunk is checked against {@link EventLimits} and
 * against the other chunks of its split before anything is allocated from its declared sizes, and the
 * whole split is allocated only once every chunk has arrived (so at most {@link EventLimits#MAX_SCORES_PER_SPLIT}
 * scores). Pending splits are capped: {@link #MAX_PENDING_SPLITS_PER_RUN} per run, {@link #MAX_PENDING_SPLITS}
 * and {@link #MAX_PENDING_SCORES} received scores in all; beyond a cap the oldest pending split is evicted
 * (counted by {@link #evictions(Eviction)} and logged with its run id; its chunks stay in Kafka, and its offsets
 * are no longer held back). A split that never completes (a trainer killed mid-split, a load generator's run) is
 * held until a cap evicts it. Not thread-safe: used by one consumer thread; the eviction counts may be read from
 * any thread.
 */
public final class PredictionAssembler {

    /** Splits of one run waiting for chunks: a run has one validation split per epoch and one test split. */
    public static final int MAX_PENDING_SPLITS_PER_RUN = 8;
    /** Splits of all runs waiting for chunks. */
    public static final int MAX_PENDING_SPLITS = 256;
    /** Scores held in pending chunks of all runs (128 MiB of floats): two of the largest splits allowed. */
    public static final long MAX_PENDING_SCORES = 2L * EventLimits.MAX_SCORES_PER_SPLIT;

    private static final Logger LOG = LoggerFactory.getLogger(PredictionAssembler.class);

    /** Which cap evicted an incomplete split. */
    public enum Eviction {
        /** The split's run had {@link #MAX_PENDING_SPLITS_PER_RUN} incomplete splits. */
        RUN_SPLITS,
        /** All runs had {@link #MAX_PENDING_SPLITS} incomplete splits. */
        TOTAL_SPLITS,
        /** Incomplete splits held more than {@link #MAX_PENDING_SCORES} scores. */
        SCORES
    }

    /** A complete split: labels, row-major scores, and the event that completed it. */
    public record Assembled(Event last, int[] labels, float[] scores, int numClasses) {
    }

    private record Key(String runId, int split, int epoch) {
    }

    /** The received chunks of one split; the first chunk's shape is what every other must match. */
    private static final class Parts {
        final Predictions[] chunks;
        final int numClasses;
        final int totalSamples;
        final TopicPartition partition;
        final long firstOffset;
        int received;
        long scores;

        Parts(Predictions first, TopicPartition partition, long firstOffset) {
            chunks = new Predictions[first.getChunkCount()];
            numClasses = first.getNumClasses();
            totalSamples = first.getTotalSamples();
            this.partition = partition;
            this.firstOffset = firstOffset;
        }
    }

    /** Pending splits, oldest first. */
    private final Map<Key, Parts> pending = new LinkedHashMap<>();
    private final Map<Eviction, AtomicLong> evictions = new EnumMap<>(Eviction.class);

    {
        for (Eviction e : Eviction.values()) {
            evictions.put(e, new AtomicLong());
        }
    }
    private long pendingScores;

    /** Adds a chunk that did not come from a consumer (no offset to hold back); see the other {@code add}. */
    public Optional<Assembled> add(Event event) {
        return add(event, null, -1);
    }

    /**
     * Adds a chunk read from {@code partition} at {@code offset}; returns the whole split once complete.
     *
     * @throws IllegalArgumentException naming the field when the chunk breaks a limit or does not match its split
     */
    Optional<Assembled> add(Event event, TopicPartition partition, long recordOffset) {
        String refusal = EventLimits.validate(event);
        if (refusal != null || !event.hasPredictions()) {
            throw new IllegalArgumentException("malformed predictions chunk of run " + event.getHeader().getRunId()
                    + ": " + (refusal == null ? "no predictions payload" : refusal));
        }
        Predictions p = event.getPredictions();
        Key key = new Key(event.getHeader().getRunId(), p.getSplitValue(), p.getEpoch());
        Parts parts = pending.get(key);
        if (parts == null) {
            parts = new Parts(p, partition, recordOffset);
            makeRoomFor(key.runId());
            pending.put(key, parts);
        }
        requireSameShape(key, parts, p);
        Predictions before = parts.chunks[p.getChunkIndex()];
        if (before == null) {
            parts.received++;
        } else {
            parts.scores -= before.getScoresCount();
            pendingScores -= before.getScoresCount();
        }
        parts.chunks[p.getChunkIndex()] = p;
        parts.scores += p.getScoresCount();
        pendingScores += p.getScoresCount();
        if (parts.scores > (long) parts.totalSamples * parts.numClasses) {
            remove(key);
            throw new IllegalArgumentException("run " + key.runId() + " epoch " + key.epoch() + ": chunks overlap, "
                    + parts.scores + " scores received for " + parts.totalSamples + " samples");
        }
        if (parts.received < parts.chunks.length) {
            evictWhileOver(MAX_PENDING_SCORES, key);
            return Optional.empty();
        }
        remove(key);
        return Optional.of(join(key, parts, event));
    }

    private static void requireSameShape(Key key, Parts parts, Predictions p) {
        if (parts.chunks.length != p.getChunkCount() || parts.numClasses != p.getNumClasses()
                || parts.totalSamples != p.getTotalSamples()) {
            throw new IllegalArgumentException("run " + key.runId() + " epoch " + key.epoch() + ": chunk "
                    + p.getChunkIndex() + " declares " + p.getChunkCount() + " chunks, " + p.getNumClasses()
                    + " classes, " + p.getTotalSamples() + " samples; its split began with " + parts.chunks.length
                    + ", " + parts.numClasses + ", " + parts.totalSamples);
        }
    }

    /** The whole split; every chunk was validated and matches the split's shape, so total x K is bounded. */
    private static Assembled join(Key key, Parts parts, Event last) {
        int total = parts.totalSamples;
        int k = parts.numClasses;
        int[] labels = new int[total];
        float[] scores = new float[total * k];
        int filled = 0;
        for (Predictions chunk : parts.chunks) {
            if (chunk.getOffset() != filled) {
                throw new IllegalArgumentException("run " + key.runId() + " epoch " + key.epoch() + ": chunk "
                        + chunk.getChunkIndex() + " starts at sample " + chunk.getOffset() + ", expected " + filled);
            }
            for (int i = 0; i < chunk.getLabelsCount(); i++) {
                labels[filled + i] = chunk.getLabels(i);
            }
            for (int i = 0; i < chunk.getScoresCount(); i++) {
                scores[filled * k + i] = chunk.getScores(i);
            }
            filled += chunk.getLabelsCount();
        }
        if (filled != total) {
            throw new IllegalArgumentException("run " + key.runId() + ": chunks hold " + filled + " samples, expected "
                    + total);
        }
        return new Assembled(last, labels, scores, k);
    }

    /** Evicts the oldest pending splits until a new split of {@code runId} fits the split caps. */
    private void makeRoomFor(String runId) {
        long ofRun = pending.keySet().stream().filter(k -> k.runId().equals(runId)).count();
        for (Iterator<Key> it = pending.keySet().iterator(); it.hasNext() && ofRun >= MAX_PENDING_SPLITS_PER_RUN; ) {
            Key oldest = it.next();
            if (oldest.runId().equals(runId)) {
                evict(it, oldest, Eviction.RUN_SPLITS, "run has " + MAX_PENDING_SPLITS_PER_RUN + " incomplete splits");
                ofRun--;
            }
        }
        for (Iterator<Key> it = pending.keySet().iterator(); it.hasNext() && pending.size() >= MAX_PENDING_SPLITS; ) {
            evict(it, it.next(), Eviction.TOTAL_SPLITS, MAX_PENDING_SPLITS + " incomplete splits in all");
        }
    }

    /** Evicts the oldest pending splits other than {@code keep} while the received scores exceed {@code max}. */
    private void evictWhileOver(long max, Key keep) {
        for (Iterator<Key> it = pending.keySet().iterator(); it.hasNext() && pendingScores > max; ) {
            Key oldest = it.next();
            if (!oldest.equals(keep)) {
                evict(it, oldest, Eviction.SCORES, "incomplete splits hold more than " + max + " scores");
            }
        }
    }

    private void evict(Iterator<Key> it, Key key, Eviction cap, String why) {
        Parts parts = pending.get(key);
        it.remove();
        pendingScores -= parts.scores;
        evictions.get(cap).incrementAndGet();
        LOG.warn("evicted incomplete split {} of epoch {} of run {} ({} of {} chunks): {}", key.split(), key.epoch(),
                key.runId(), parts.received, parts.chunks.length, why);
    }

    private void remove(Key key) {
        Parts parts = pending.remove(key);
        pendingScores -= parts.scores;
    }

    /** Incomplete splits evicted so far to keep memory bounded, by every cap. */
    public long evictions() {
        return evictions.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Incomplete splits evicted so far by {@code cap}. */
    public long evictions(Eviction cap) {
        return evictions.get(cap).get();
    }

    /** Scores held in the chunks of incomplete splits. */
    long pendingScores() {
        return pendingScores;
    }

    /** Splits waiting for chunks. */
    public int pendingSplits() {
        return pending.size();
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
