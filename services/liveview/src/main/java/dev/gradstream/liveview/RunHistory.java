package dev.gradstream.liveview;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a newly connected page is sent first: the encoded events of the most recent runs, in arrival order,
 * at most {@code maxRuns} runs (the oldest run first seen is dropped whole). Kafka keeps everything; this
 * only bounds the page's memory. Not thread-safe: used on the verticle's event loop only.
 */
final class RunHistory {

    private final int maxRuns;
    private final Map<String, List<String>> byRun = new LinkedHashMap<>();

    RunHistory(int maxRuns) {
        this.maxRuns = maxRuns;
    }

    /** Keeps {@code encoded} as an event of {@code runId}. */
    void add(String runId, String encoded) {
        List<String> events = byRun.get(runId);
        if (events == null) {
            if (byRun.size() == maxRuns) {
                String oldest = byRun.keySet().iterator().next();
                byRun.remove(oldest);
            }
            events = new ArrayList<>();
            byRun.put(runId, events);
        }
        events.add(encoded);
    }

    /** Every kept event, run by run (runs in the order first seen). */
    List<String> snapshot() {
        List<String> all = new ArrayList<>();
        byRun.values().forEach(all::addAll);
        return all;
    }

    int runs() {
        return byRun.size();
    }
}
