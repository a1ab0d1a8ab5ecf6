package dev.gradstream.monitor;

import dev.gradstream.bus.EventNames;
import dev.gradstream.events.v1.EventHeader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitor's series. Those of a run ({@link RunSeries}, labelled {@code run}) are kept here and served to
 * Prometheus by this board itself (a collector of the registry), with two bounds: when more than
 * {@code maxRuns} runs have been seen, the run seen least recently is dropped; and a run marked finished is
 * dropped once {@code finishedRunTtl} has passed since its last event ({@link #expireFinished(long)}), so that
 * its alerts resolve. A run also keeps at most {@link #MAX_SERIES_PER_RUN} series: an event that would add
 * more (absurd class or layer counts) sets only the series the run already has, and the refusals are counted.
 * Dropping a run is removing one map entry, so a monitor with more live runs than the cap keeps its pace
 * (each event of a dropped run brings it back at the cost of a few small objects and drops another).
 * Evictions and refusals are metrics ({@code gradstream_monitor_runs_evicted_total{reason}},
 * {@code gradstream_monitor_series_refused_total}); series without a run (sweep job states, events by topic)
 * are ordinary Micrometer meters. Thread-safe.
 */
final class GaugeBoard implements MultiCollector {

    /**
     * Series one run may have: its run, epoch and batch gauges with up to {@code EventLimits.MAX_LAYERS} layers
     * (4 per layer), evaluations of two splits with a confusion matrix of up to 16 classes, and a gradient
     * comparison; about 1.5 MB of /metrics text at most.
     */
    static final int MAX_SERIES_PER_RUN = 2_000;

    private final PrometheusMeterRegistry registry;
    private final int maxRuns;
    private final long finishedRunTtlNanos;
    /** Runs in the order they were last seen, oldest first; guarded by itself. */
    private final LinkedHashMap<String, RunSeries> runs = new LinkedHashMap<>(16, 0.75f, true);

    private record Key(String name, Tags tags) {
    }

    private final Map<Key, AtomicDouble> gauges = new ConcurrentHashMap<>();
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    /** gradstream_monitor_runs_evicted_total by reason, found once: past the cap every event can evict a run. */
    private final Map<String, Counter> evictions = new ConcurrentHashMap<>();

    /** A gauge's current value; Micrometer reads it at scrape time. */
    private static final class AtomicDouble {
        volatile double value = Double.NaN;
    }

    /** Registers the board as a collector of {@code registry}, which then serves the run series too. */
    GaugeBoard(PrometheusMeterRegistry registry, int maxRuns, Duration finishedRunTtl) {
        this.registry = registry;
        this.maxRuns = maxRuns;
        this.finishedRunTtlNanos = finishedRunTtl.toNanos();
        registry.getPrometheusRegistry().register(this);
    }

    /** Stops serving the run series (a monitor that stopped; another board may serve the registry then). */
    void close() {
        registry.getPrometheusRegistry().unregister(this);
    }

    /**
     * The series of the header's run, noted as seen now (which restarts a finished run's TTL); a run not on
     * the board is added, dropping the least recently seen past the cap.
     */
    RunSeries run(EventHeader header) {
        String run = header.getRunId();
        long now = System.nanoTime();
        RunSeries series;
        int evicted = 0;
        synchronized (runs) {
            series = runs.get(run);
            if (series == null) {
                series = new RunSeries(run, EventNames.backend(header.getBackend()), EventNames.task(header.getTask()));
                runs.put(run, series);
                for (Iterator<RunSeries> oldest = runs.values().iterator(); runs.size() > maxRuns; evicted++) {
                    oldest.next();
                    oldest.remove();
                }
            }
        }
        series.lastEventNanos = now;
        if (evicted > 0) {
            evicted("cap", evicted);
        }
        return series;
    }

    /** Starts the countdown after which {@code run}'s series go; later events of the run restart it. */
    void markFinished(String run) {
        synchronized (runs) {
            RunSeries series = runs.get(run);
            if (series != null) {
                series.finished = true;
            }
        }
    }

    /** Drops finished runs whose latest event is older than the TTL; returns how many went. */
    int expireFinished(long nowNanos) {
        int expired = 0;
        synchronized (runs) {
            for (Iterator<RunSeries> it = runs.values().iterator(); it.hasNext(); ) {
                RunSeries series = it.next();
                if (series.finished && nowNanos - series.lastEventNanos >= finishedRunTtlNanos) {
                    it.remove();
                    expired++;
                }
            }
        }
        if (expired > 0) {
            evicted("ttl", expired);
        }
        return expired;
    }

    /** Sets {@code key} of {@code series} to {@code value}, unless the run has too many series. */
    void set(RunSeries series, RunSeries.Key key, double value) {
        RunSeries.Cell cell = cellOrRefuse(series, key);
        if (cell != null) {
            cell.set(value);
        }
    }

    /** Adds {@code amount} to counter {@code key} of {@code series}, unless the run has too many series. */
    void increment(RunSeries series, RunSeries.Key key, double amount) {
        RunSeries.Cell cell = cellOrRefuse(series, key);
        if (cell != null) {
            cell.add(amount);
        }
    }

    private RunSeries.Cell cellOrRefuse(RunSeries series, RunSeries.Key key) {
        RunSeries.Cell cell = series.cell(key);
        if (cell == null) {
            counter("gradstream.monitor.series.refused",
                    "Series not created because their run already had the maximum", Tags.empty()).increment();
        }
        return cell;
    }

    /** Sets gauge {@code name}{tags} of no run to {@code value}, creating it on first use. */
    void set(String name, String description, Tags tags, double value) {
        gauges.computeIfAbsent(new Key(name, tags), key -> {
            AtomicDouble cell = new AtomicDouble();
            Gauge.builder(name, cell, c -> c.value).tags(tags).description(description).register(registry);
            return cell;
        }).value = value;
    }

    /** Counter {@code name}{tags} of no run, registered on first use and kept. */
    Counter counter(String name, String description, Tags tags) {
        return counters.computeIfAbsent(new Key(name, tags),
                k -> Counter.builder(name).tags(tags).description(description).register(registry));
    }

    /** Runs on the board now. */
    int runCount() {
        synchronized (runs) {
            return runs.size();
        }
    }

    private void evicted(String reason, int runCount) {
        // Looked up here, not when the board is made: the series appears with the first eviction, as it always has.
        evictions.computeIfAbsent(reason, r -> counter("gradstream.monitor.runs.evicted",
                "Runs whose series the monitor removed: cap (too many runs) or ttl (finished)", Tags.of("reason", r)))
                .increment(runCount);
    }

    /** The run series, one snapshot per family, for the registry's scrape. */
    @Override
    public MetricSnapshots collect() {
        List<RunSeries> now;
        synchronized (runs) {
            now = new ArrayList<>(runs.values());
        }
        Map<SeriesFamily, List<GaugeDataPointSnapshot>> gaugePoints = new HashMap<>();
        Map<SeriesFamily, List<CounterDataPointSnapshot>> counterPoints = new HashMap<>();
        for (RunSeries series : now) {
            series.forEach((family, labels, cell) -> {
                if (family.isCounter()) {
                    counterPoints.computeIfAbsent(family, f -> new ArrayList<>())
                            .add(new CounterDataPointSnapshot(cell.value(), labels, null, cell.createdMillis));
                } else {
                    gaugePoints.computeIfAbsent(family, f -> new ArrayList<>())
                            .add(new GaugeDataPointSnapshot(cell.value(), labels, null));
                }
            });
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        gaugePoints.forEach((family, points) -> snapshots.add(new GaugeSnapshot(family.metadata(), points)));
        counterPoints.forEach((family, points) -> snapshots.add(new CounterSnapshot(family.metadata(), points)));
        return new MetricSnapshots(snapshots);
    }
}
