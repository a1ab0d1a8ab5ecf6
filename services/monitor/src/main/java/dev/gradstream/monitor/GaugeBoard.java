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
 * Settable gauges and counters keyed by name and tags, with a bound on how many runs keep series: when
 * more than {@code maxRuns} runs have been seen, the meters of the run seen least recently are removed,
 * so the label {@code run} stays bounded however long the monitor lives. Thread-safe.
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

    GaugeBoard(MeterRegistry registry, int maxRuns) {
        this.registry = registry;
        this.maxRuns = maxRuns;
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
        List<String> evicted = new ArrayList<>();
        synchronized (runs) {
            runs.put(run, Boolean.TRUE);
            while (runs.size() > maxRuns) {
                String oldest = runs.keySet().iterator().next();
                runs.remove(oldest);
                evicted.add(oldest);
            }
        }
        evicted.forEach(this::forgetRun);
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
