package dev.gradstream.liveview;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a newly connected page is sent first: the encoded events of the most recent runs, at most
 * {@code maxRuns} runs and {@link #MAX_HISTORY_CHARS} characters of JSON in all (the run first seen longest
 * ago is dropped whole), and per run a bounded number of events: {@link #MAX_BATCHES_PER_RUN} batch events and
 * {@link #MAX_PROGRESS_PER_RUN} epoch and comparison events, each thinned evenly over the run
 * ({@link ThinnedEvents}), the latest validation result (the page shows only the latest confusion matrix), and
 * the last {@link #MAX_MILESTONES_PER_RUN} start, finish and test-result events. An event longer than
 * {@link #MAX_EVENT_CHARS} (a test result of hundreds of classes with their curves) is streamed to open pages
 * but not kept. Kafka keeps everything; this only bounds the page's history. Every dropped event and run is
 * counted. Not thread-safe: used on the verticle's event loop only (the counters may be read from anywhere).
 */
final class RunHistory {

    /** Batch events kept per run (a 30-epoch run on the bundled data has 1,500). */
    static final int MAX_BATCHES_PER_RUN = 2_000;
    /** Epoch and validation-result events kept per run (two per epoch). */
    static final int MAX_PROGRESS_PER_RUN = 1_000;
    /** Run-started, run-finished and test-result events kept per run (one of each, unless repeated). */
    static final int MAX_MILESTONES_PER_RUN = 8;
    /**
     * Longest event kept, in characters of JSON: a run start with 1,000 class names of 256 characters fits;
     * with the contract's limits (64 layers) the other per-run caps then hold a run under about 35 Mi characters.
     */
    static final int MAX_EVENT_CHARS = 1 << 20;
    /** Characters of JSON kept for all runs together (1 to 2 bytes of heap each): at most 128 MB. */
    static final long MAX_HISTORY_CHARS = 64L << 20;

    /** Why a whole run was dropped. */
    enum Eviction {
        /** {@code maxRuns} newer runs arrived. */
        RUNS,
        /** The history held more than {@link #MAX_HISTORY_CHARS}. */
        CHARS
    }

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
        /** Characters in starts, latest and ends (the thinned kinds count their own). */
        long milestoneChars;

        long chars() {
            return milestoneChars + progress.chars() + batches.chars();
        }
    }

    private final int maxRuns;
    private final Map<String, RunEvents> byRun = new LinkedHashMap<>();
    private final Map<Eviction, AtomicLong> evictedRuns = new EnumMap<>(Map.of(Eviction.RUNS, new AtomicLong(),
            Eviction.CHARS, new AtomicLong()));
    private final AtomicLong evictedEvents = new AtomicLong();
    private long chars;

    RunHistory(int maxRuns) {
        this.maxRuns = maxRuns;
    }

    /** Keeps {@code encoded} as an event of {@code runId}. */
    void add(String runId, Kind kind, String encoded) {
        if (encoded.length() > MAX_EVENT_CHARS) {
            evictedEvents.incrementAndGet();
            return;
        }
        RunEvents events = byRun.get(runId);
        if (events == null) {
            if (byRun.size() == maxRuns) {
                evictOldest(Eviction.RUNS, runId);
            }
            events = new RunEvents();
            byRun.put(runId, events);
        }
        long before = events.chars();
        int dropped = switch (kind) {
            case START -> keepLast(events, events.starts, encoded, MAX_MILESTONES_PER_RUN / 2);
            case PROGRESS -> events.progress.add(encoded);
            case LATEST -> keepLast(events, events.latest, encoded, 1);
            case BATCH -> events.batches.add(encoded);
            case END -> keepLast(events, events.ends, encoded, MAX_MILESTONES_PER_RUN / 2);
        };
        evictedEvents.addAndGet(dropped);
        chars += events.chars() - before;
        while (chars > MAX_HISTORY_CHARS && byRun.size() > 1) {
            evictOldest(Eviction.CHARS, runId);
        }
    }

    /** Drops the run first seen longest ago other than {@code keep} (the run being added to). */
    private void evictOldest(Eviction why, String keep) {
        for (var it = byRun.entrySet().iterator(); it.hasNext(); ) {
            var run = it.next();
            if (!run.getKey().equals(keep)) {
                chars -= run.getValue().chars();
                it.remove();
                evictedRuns.get(why).incrementAndGet();
                return;
            }
        }
    }

    /** Keeps the last {@code limit} events of {@code events}; returns how many it dropped. */
    private static int keepLast(RunEvents run, Deque<String> events, String encoded, int limit) {
        events.addLast(encoded);
        run.milestoneChars += encoded.length();
        if (events.size() > limit) {
            run.milestoneChars -= events.removeFirst().length();
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

    /** Characters of JSON kept for all runs. */
    long chars() {
        return chars;
    }

    /** Runs dropped whole, for {@code why}. */
    long evictedRuns(Eviction why) {
        return evictedRuns.get(why).get();
    }

    /** Runs dropped whole, for any reason. */
    long evictedRuns() {
        return evictedRuns(Eviction.RUNS) + evictedRuns(Eviction.CHARS);
    }

    /**
     * Events dropped to keep each run within its caps, and events too long to keep (not counting the events of
     * evicted runs).
     */
    long evictedEvents() {
        return evictedEvents.get();
    }
}
