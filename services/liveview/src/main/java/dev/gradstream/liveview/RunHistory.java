package dev.gradstream.liveview;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a newly connected page is sent first: the encoded events of the most recent runs, at most
 * {@code maxRuns} runs (the run first seen longest ago is dropped whole), and per run a bounded number of
 * events: {@link #MAX_BATCHES_PER_RUN} batch events and {@link #MAX_PROGRESS_PER_RUN} epoch and comparison
 * events, each thinned evenly over the run ({@link ThinnedEvents}), the latest validation result (the page
 * shows only the latest confusion matrix), and the last {@link #MAX_MILESTONES_PER_RUN} start, finish and
 * test-result events. Every event validated by the contract's limits is at most a few
 * KB of JSON (a run's start with its class names at most ~300 KB), so memory is bounded. Kafka keeps
 * everything; this only bounds the page's history. Every dropped event and run is counted. Not
 * thread-safe: used on the verticle's event loop only (the counters may be read from anywhere).
 */
final class RunHistory {

    /** Batch events kept per run (a 30-epoch run on the bundled data has 1,500). */
    static final int MAX_BATCHES_PER_RUN = 2_000;
    /** Epoch and validation-result events kept per run (two per epoch). */
    static final int MAX_PROGRESS_PER_RUN = 1_000;
    /** Run-started, run-finished and test-result events kept per run (one of each, unless repeated). */
    static final int MAX_MILESTONES_PER_RUN = 8;

    /** Which bound an event counts against, and where it goes in the snapshot. */
    enum Kind {
        /** run started: first in the snapshot. */
        START,
        /** epoch metrics, gradient comparisons. */
        PROGRESS,
        /** validation results: only the latest is kept. */
        LATEST,
        /** batch statistics. */
        BATCH,
        /** run finished, test result: last in the snapshot. */
        END
    }

    private static final class RunEvents {
        final Deque<String> starts = new ArrayDeque<>();
        final ThinnedEvents progress = new ThinnedEvents(MAX_PROGRESS_PER_RUN);
        final ThinnedEvents batches = new ThinnedEvents(MAX_BATCHES_PER_RUN);
        final Deque<String> latest = new ArrayDeque<>();
        final Deque<String> ends = new ArrayDeque<>();
    }

    private final int maxRuns;
    private final Map<String, RunEvents> byRun = new LinkedHashMap<>();
    private final AtomicLong evictedRuns = new AtomicLong();
    private final AtomicLong evictedEvents = new AtomicLong();

    RunHistory(int maxRuns) {
        this.maxRuns = maxRuns;
    }

    /** Keeps {@code encoded} as an event of {@code runId}. */
    void add(String runId, Kind kind, String encoded) {
        RunEvents events = byRun.get(runId);
        if (events == null) {
            if (byRun.size() == maxRuns) {
                String oldest = byRun.keySet().iterator().next();
                byRun.remove(oldest);
                evictedRuns.incrementAndGet();
            }
            events = new RunEvents();
            byRun.put(runId, events);
        }
        int dropped = switch (kind) {
            case START -> keepLast(events.starts, encoded, MAX_MILESTONES_PER_RUN / 2);
            case PROGRESS -> events.progress.add(encoded);
            case LATEST -> keepLast(events.latest, encoded, 1);
            case BATCH -> events.batches.add(encoded);
            case END -> keepLast(events.ends, encoded, MAX_MILESTONES_PER_RUN / 2);
        };
        evictedEvents.addAndGet(dropped);
    }

    /** Keeps the last {@code limit} events of {@code events}; returns how many it dropped. */
    private static int keepLast(Deque<String> events, String encoded, int limit) {
        events.addLast(encoded);
        if (events.size() > limit) {
            events.removeFirst();
            return 1;
        }
        return 0;
    }

    /** Every kept event, run by run (runs in the order first seen): start, progress, latest, batches, end. */
    List<String> snapshot() {
        List<String> all = new ArrayList<>();
        for (RunEvents r : byRun.values()) {
            all.addAll(r.starts);
            all.addAll(r.progress.events());
            all.addAll(r.latest);
            all.addAll(r.batches.events());
            all.addAll(r.ends);
        }
        return all;
    }

    int runs() {
        return byRun.size();
    }

    /** Runs dropped whole because {@code maxRuns} newer ones arrived. */
    long evictedRuns() {
        return evictedRuns.get();
    }

    /** Events dropped to keep each run within its caps (not counting the events of evicted runs). */
    long evictedEvents() {
        return evictedEvents.get();
    }
}
