package dev.gradstream.monitor;

import io.prometheus.metrics.model.snapshots.MetricMetadata;

/**
 * One metric of the per-run series (e.g. {@code gradstream_batch_loss}): its name as Micrometer spells it, its
 * help text and whether it is a gauge or a counter. Families are constants compared by identity; the
 * Prometheus name is Micrometer's ({@code .} becomes {@code _}, and a counter's {@code _total} is added when
 * written), so the text on /metrics is what registered Micrometer meters gave.
 */
final class SeriesFamily {

    private final String name;
    private final boolean counter;
    private final MetricMetadata metadata;

    private SeriesFamily(String name, String help, boolean counter) {
        this.name = name;
        this.counter = counter;
        this.metadata = new MetricMetadata(name.replace('.', '_'), help);
    }

    /** A value set to the latest one seen. */
    static SeriesFamily gauge(String name, String help) {
        return new SeriesFamily(name, help, false);
    }

    /** A count that only grows (exposed as {@code <name>_total}). */
    static SeriesFamily counter(String name, String help) {
        return new SeriesFamily(name, help, true);
    }

    boolean isCounter() {
        return counter;
    }

    MetricMetadata metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return name;
    }
}
