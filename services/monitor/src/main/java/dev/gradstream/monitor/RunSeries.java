package dev.gradstream.monitor;

import io.prometheus.metrics.model.snapshots.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series of one run on the {@link GaugeBoard}: every series carries the labels {@code run, backend, task}
 * (those of the run's first event; a run id names one run of one backend and task) plus its {@link Key}'s
 * own. Setting a series is a hash lookup by a key that is usually a constant and a volatile write; nothing
 * is registered anywhere, so a run costs nothing to create and nothing to drop. At most
 * {@link GaugeBoard#MAX_SERIES_PER_RUN} series: a key that would add more is refused ({@link #cell} returns
 * null). Written by one thread at a time (the consumer loop's), read by scrapes on any thread.
 */
final class RunSeries {

    /** A series of a run apart from the run's own labels: its family and extra label pairs. */
    static final class Key {
        final SeriesFamily family;
        private final String[] names;
        private final String[] values;
        private final int hash;

        private Key(SeriesFamily family, String... labelPairs) {
            this.family = family;
            this.names = new String[labelPairs.length / 2];
            this.values = new String[labelPairs.length / 2];
            for (int i = 0; i < names.length; i++) {
                names[i] = labelPairs[2 * i];
                values[i] = labelPairs[2 * i + 1];
            }
            this.hash = 31 * (31 * System.identityHashCode(family) + Arrays.hashCode(names)) + Arrays.hashCode(values);
        }

        /** {@code family} with the run's labels and {@code labelPairs} (name, value, name, value, ...). */
        static Key of(SeriesFamily family, String... labelPairs) {
            if (labelPairs.length % 2 != 0) {
                throw new IllegalArgumentException("label pairs of " + family + " must come as name, value: "
                        + Arrays.toString(labelPairs));
            }
            return new Key(family, labelPairs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.family == family && Arrays.equals(k.names, names)
                    && Arrays.equals(k.values, values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A series' current value; a counter's creation time is exposed as Micrometer's counters did. */
    static final class Cell {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Cell.class, "value", double.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile double value;
        final long createdMillis = System.currentTimeMillis();

        void set(double v) {
            value = v;
        }

        void add(double amount) {
            double before;
            do {
                before = value;
            } while (!VALUE.compareAndSet(this, before, before + amount));
        }

        double value() {
            return value;
        }
    }

    final String run;
    private final String backend;
    private final String task;
    private final Map<Key, Cell> cells = new ConcurrentHashMap<>();
    /** System.nanoTime of the run's latest event. */
    volatile long lastEventNanos;
    volatile boolean finished;

    RunSeries(String run, String backend, String task) {
        this.run = run;
        this.backend = backend;
        this.task = task;
    }

    /** The series {@code key}, created at 0 on first use; null when the run already has the most series. */
    Cell cell(Key key) {
        Cell cell = cells.get(key);
        if (cell != null) {
            return cell;
        }
        synchronized (this) {
            if (cells.size() >= GaugeBoard.MAX_SERIES_PER_RUN) {
                return null;
            }
            return cells.computeIfAbsent(key, k -> new Cell());
        }
    }

    /** Receives a run's series at a scrape. */
    @FunctionalInterface
    interface Visitor {
        void visit(SeriesFamily family, Labels labels, Cell cell);
    }

    /** Hands every series to {@code visitor} with its full labels: the run's and the key's. */
    void forEach(Visitor visitor) {
        for (Map.Entry<Key, Cell> e : cells.entrySet()) {
            Key key = e.getKey();
            int n = key.names.length;
            String[] names = Arrays.copyOf(key.names, n + 3);
            String[] values = Arrays.copyOf(key.values, n + 3);
            names[n] = "run";
            values[n] = run;
            names[n + 1] = "backend";
            values[n + 1] = backend;
            names[n + 2] = "task";
            values[n + 2] = task;
            visitor.visit(key.family, Labels.of(names, values), e.getValue());
        }
    }
}
