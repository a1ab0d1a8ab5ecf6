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
 * ({@link #expireFinished(long)}), so that its alerts resolve. A run also keeps at most
 * {@link #MAX_SERIES_PER_RUN} series: an event that would add more (absurd class or layer counts) sets only the
 * series the run already has, and the refusals are counted. Evictions and refusals are metrics
 * ({@code gradstream_monitor_runs_evicted_total{reason}}, {@code gradstream_monitor_series_refused_total}).
 * Thread-safe.
 */
final class GaugeBoard {

    /** A gauge's current value; Micrometer reads it at scrape time. */
    private static final class Cell {
        volatile double value = Double.NaN;
    }

    /**
     * Series one run may have: its run, epoch and batch gauges with up to {@code EventLimits.MAX_LAYERS} layers
     * (4 per layer), evaluations of two splits with a confusion matrix of up to 16 classes, and a gradient
     * comparison; about 1.5 MB of /metrics text at most.
     */
    static final int MAX_SERIES_PER_RUN = 2_000;

    private final MeterRegistry registry;
    private final int maxRuns;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> seriesPerRun = new ConcurrentHashMap<>();
    private record Key(String name, Tags tags) {
    }

    private final Map<Key, Cell> cells = new ConcurrentHashMap<>();
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
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
                evicted("ttl");
                expired++;
            }
        }
        return expired;
    }

    /** Sets gauge {@code name}{tags} to {@code value}, creating it on first use. */
    void set(String name, String description, Tags tags, double value) {
        String run = touch(tags);
        Key id = new Key(name, tags);
        if (run != null && !cells.containsKey(id) && !roomFor(run)) {
            refused(1);
            return;
        }
        Cell cell = cells.computeIfAbsent(id, key -> {
            Cell c = new Cell();
            Gauge.builder(name, c, x -> x.value).tags(tags).description(description).register(registry);
            return c;
        });
        cell.value = value;
    }

    /** Adds {@code amount} to counter {@code name}{tags}. */
    void increment(String name, String description, Tags tags, double amount) {
        String run = touch(tags);
        Key id = new Key(name, tags);
        Counter counter = counters.get(id);
        if (counter == null) {
            if (run != null && !roomFor(run)) {
                refused(1);
                return;
            }
            // Registered once and kept: looking a counter up in the registry at every event cost most of the
            // monitor's time per batch event.
            counter = counters.computeIfAbsent(id,
                    k -> Counter.builder(name).tags(tags).description(description).register(registry));
        }
        counter.increment(amount);
    }

    private boolean roomFor(String run) {
        return seriesPerRun.computeIfAbsent(run, r -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet() <= MAX_SERIES_PER_RUN;
    }

    private void refused(int n) {
        Counter.builder("gradstream.monitor.series.refused")
                .description("Series not created because their run already had the maximum").register(registry)
                .increment(n);
    }

    private void evicted(String reason) {
        Counter.builder("gradstream.monitor.runs.evicted").tag("reason", reason)
                .description("Runs whose series the monitor removed: cap (too many runs) or ttl (finished)")
                .register(registry).increment();
    }

    /** Notes the run of {@code tags} as seen now, evicting the oldest past the cap; returns the run or null. */
    private String touch(Tags tags) {
        String run = null;
        for (Tag t : tags) {
            if (t.getKey().equals("run")) {
                run = t.getValue();
            }
        }
        if (run == null) {
            return null;
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
            evicted("cap");
        });
        return run;
    }

    /** Removes every meter labelled with {@code run}. */
    void forgetRun(String run) {
        seriesPerRun.remove(run);
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (run.equals(meter.getId().getTag("run"))) {
                registry.remove(meter);
                Key key = new Key(meter.getId().getName(), Tags.of(meter.getId().getTags()));
                cells.remove(key);
                counters.remove(key);
            }
        }
    }
}
