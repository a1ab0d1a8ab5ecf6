package dev.gradstream.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settable gauges and counters keyed by name and tags, with two bounds on the label {@code run}: when more
 * than {@code maxRuns} runs have been seen, the meters of the run seen least recently are removed; and a run
 * marked finished loses its meters once {@code finishedRunTtl} has passed since its last event
 * ({@link #expireFinished(long)}), so that its alerts resolve. Thread-safe.
 */
final class GaugeBoard {

    /** A gauge's current value; Micrometer reads it at scrape time. */
    private static final class Cell {
        volatile double value = Double.NaN;
    }

    private final MeterRegistry registry;
    private final int maxRuns;
    private record Key(String name, Tags tags) {
    }

    private final Map<Key, Cell> cells = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Boolean> runs = new LinkedHashMap<>(16, 0.75f, true);

    /** Finished runs and the time (System.nanoTime) of their latest event. */
    private final Map<String, Long> finished = new ConcurrentHashMap<>();
    private final long finishedRunTtlNanos;

    GaugeBoard(MeterRegistry registry, int maxRuns, java.time.Duration finishedRunTtl) {
        this.registry = registry;
        this.maxRuns = maxRuns;
        this.finishedRunTtlNanos = finishedRunTtl.toNanos();
    }

    /** Starts the countdown after which {@code run}'s meters go; later events of the run restart it. */
    void markFinished(String run) {
        finished.put(run, System.nanoTime());
    }

    /** Removes the meters of finished runs whose latest event is older than the TTL; returns how many runs went. */
    int expireFinished(long nowNanos) {
        int expired = 0;
        for (Map.Entry<String, Long> e : List.copyOf(finished.entrySet())) {
            if (nowNanos - e.getValue() >= finishedRunTtlNanos && finished.remove(e.getKey(), e.getValue())) {
                synchronized (runs) {
                    runs.remove(e.getKey());
                }
                forgetRun(e.getKey());
                expired++;
            }
        }
        return expired;
    }

    /** Sets gauge {@code name}{tags} to {@code value}, creating it on first use. */
    void set(String name, String description, Tags tags, double value) {
        touch(tags);
        Cell cell = cells.computeIfAbsent(new Key(name, tags), key -> {
            Cell c = new Cell();
            Gauge.builder(name, c, x -> x.value).tags(tags).description(description).register(registry);
            return c;
        });
        cell.value = value;
    }

    /** Adds {@code amount} to counter {@code name}{tags}. */
    void increment(String name, String description, Tags tags, double amount) {
        touch(tags);
        Counter.builder(name).tags(tags).description(description).register(registry).increment(amount);
    }

    private void touch(Tags tags) {
        String run = null;
        for (Tag t : tags) {
            if (t.getKey().equals("run")) {
                run = t.getValue();
            }
        }
        if (run == null) {
            return;
        }
        finished.computeIfPresent(run, (r, since) -> System.nanoTime());
        List<String> evicted = new ArrayList<>();
        synchronized (runs) {
            runs.put(run, Boolean.TRUE);
            while (runs.size() > maxRuns) {
                String oldest = runs.keySet().iterator().next();
                runs.remove(oldest);
                evicted.add(oldest);
            }
        }
        evicted.forEach(r -> {
            finished.remove(r);
            forgetRun(r);
        });
    }

    /** Removes every meter labelled with {@code run}. */
    void forgetRun(String run) {
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (run.equals(meter.getId().getTag("run"))) {
                registry.remove(meter);
                cells.remove(new Key(meter.getId().getName(), Tags.of(meter.getId().getTags())));
            }
        }
    }
}
