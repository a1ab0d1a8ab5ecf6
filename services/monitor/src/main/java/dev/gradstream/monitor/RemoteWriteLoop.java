package dev.gradstream.monitor;

import dev.gradstream.bus.ConsumerHealth;
import dev.gradstream.bus.ConsumerSpec;
import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.monitor.prompb.Sample;
import dev.gradstream.monitor.prompb.TimeSeries;
import dev.gradstream.monitor.prompb.WriteRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every run, epoch, batch and evaluation event to Prometheus' remote-write receiver as
 * {@link HistorySeries}, on a thread and in a consumer group of its own, committing the Kafka offsets of a
 * poll only once Prometheus has taken its samples. So nothing is skipped:
 * <ul>
 *   <li>Prometheus unreachable, 5xx or 429: the same request is retried with exponential backoff (0.5 s to
 *       30 s) while the partitions are paused, so the consumer stays in its group; the records behind are
 *       exported as {@code gradstream_remote_write_backlog_records}. A restarted monitor continues from the
 *       committed offsets and writes what it missed.</li>
 *   <li>A 4xx (an out-of-order or out-of-bounds sample; Prometheus refuses the whole request for one such
 *       sample): the request is split in halves until the refused samples stand alone; each refused sample is
 *       logged with its series and counted in {@code gradstream_remote_write_samples_total{outcome="rejected"}},
 *       and never retried; every other sample is written.</li>
 * </ul>
 * It is an {@link EventConsumerLoop} (its own group, contract check, commits what it wrote): records that
 * break the contract are skipped here (the monitor's gauge loop dead-letters them), each poll's events are
 * gathered and written at the poll's end ({@link EventConsumerLoop#afterEachPoll}), before the loop may commit them.
 */
final class RemoteWriteLoop implements AutoCloseable {

    /** Topics whose events have history series; predictions, comparisons and sweeps have none. */
    static final List<String> TOPICS = List.of(Topics.RUNS, Topics.EPOCHS, Topics.BATCHES, Topics.EVALUATIONS);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteLoop.class);

    private final EventConsumerLoop loop;
    private final RemoteWriteClient client;
    private final HistorySeries history = new HistorySeries();

    private final Counter sent;
    private final Counter rejected;
    private final MeterRegistry registry;
    private final AtomicLong pendingSamples = new AtomicLong();
    /** The samples of the poll being handled (the loop's thread). */
    private HistorySeries.Batch batch = new HistorySeries.Batch();
    /** Records of the poll being written (not committed yet). */
    private volatile long inFlight;

    /**
     * @param group the consumer group whose committed offsets say what Prometheus already has; stable across
     *              restarts of the same monitor
     */
    RemoteWriteLoop(KafkaClients clients, String group, String clientId, RemoteWriteClient client,
                    MeterRegistry registry) {
        this.loop = new EventConsumerLoop(clients,
                new ConsumerSpec("monitor", group, clientId, TOPICS, ConsumerSpec.BadRecords.SKIP), (event, record) -> {
                    history.add(event, batch);
                    inFlight++;
                }).afterEachPoll(this::writePoll);
        this.client = client;
        this.registry = registry;
        this.sent = samples(registry, "sent");
        this.rejected = samples(registry, "rejected");
        FunctionCounter.builder("gradstream.remote.write.records.skipped", loop, EventConsumerLoop::skipped)
                .description("Records the remote writer skipped because they are not gradstream events")
                .register(registry);
        Gauge.builder("gradstream.remote.write.backlog.records", this, w -> w.loop.lag() + w.inFlight)
                .description("Kafka records not yet written to Prometheus").register(registry);
        Gauge.builder("gradstream.remote.write.pending.samples", pendingSamples, AtomicLong::get)
                .description("Samples of the request waiting for Prometheus").register(registry);
        for (String reason : List.of("unreachable", "http_4xx", "http_429", "http_5xx")) {
            failedCounter(reason); // present at 0 from the start, so that rates and alerts have a series
        }
    }

    private static Counter samples(MeterRegistry registry, String outcome) {
        return Counter.builder("gradstream.remote.write.samples").tag("outcome", outcome)
                .description("Samples sent to Prometheus' remote-write receiver, by outcome").register(registry);
    }

    RemoteWriteLoop start() {
        loop.start();
        return this;
    }

    /** Null while running; why the loop stopped (or holds a partition back) otherwise. */
    String stoppedBecause() {
        ConsumerHealth health = loop.health();
        return health.up() ? null : health.reason();
    }

    /** Writes the poll's samples before the loop commits it; a close while Prometheus is down leaves it uncommitted. */
    private void writePoll(EventConsumerLoop.Waiter waiter) throws InterruptedException {
        if (!batch.isEmpty()) {
            pendingSamples.set(batch.samples());
            deliver(batch.series(), waiter);
            pendingSamples.set(0);
            batch = new HistorySeries.Batch();
        }
        inFlight = 0;
    }

    /** Writes {@code series}, retrying what may pass later and isolating what Prometheus refuses. */
    private void deliver(List<TimeSeries> series, EventConsumerLoop.Waiter waiter) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            RemoteWriteClient.Result result = client.write(WriteRequest.newBuilder().addAllTimeseries(series).build());
            switch (result.outcome()) {
                case SENT -> {
                    sent.increment(count(series));
                    return;
                }
                case REJECTED -> {
                    failed(result);
                    split(series, result, waiter);
                    return;
                }
                case RETRY -> {
                    failed(result);
                    LOG.warn("remote write of {} samples to {} failed, retrying in {} ms: {}", count(series),
                            client.url(), backoff.toMillis(), result.message());
                    waiter.await(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }

    /** Sends the halves of a refused request on their own, down to single samples, which are logged and counted. */
    private void split(List<TimeSeries> series, RemoteWriteClient.Result result, EventConsumerLoop.Waiter waiter)
            throws InterruptedException {
        if (series.size() > 1) {
            deliver(series.subList(0, series.size() / 2), waiter);
            deliver(series.subList(series.size() / 2, series.size()), waiter);
            return;
        }
        TimeSeries one = series.get(0);
        if (one.getSamplesCount() > 1) {
            List<Sample> samples = one.getSamplesList();
            int half = samples.size() / 2;
            deliver(List.of(one.toBuilder().clearSamples().addAllSamples(samples.subList(0, half)).build()), waiter);
            deliver(List.of(one.toBuilder().clearSamples().addAllSamples(samples.subList(half, samples.size()))
                    .build()), waiter);
            return;
        }
        rejected.increment();
        LOG.error("Prometheus refused the sample {} @ {} ms of {}: {}", one.getSamples(0).getValue(),
                one.getSamples(0).getTimestamp(), describe(one), result.message());
    }

    private void failed(RemoteWriteClient.Result result) {
        failedCounter(result.reason()).increment();
    }

    private Counter failedCounter(String reason) {
        return Counter.builder("gradstream.remote.write.requests.failed").tag("reason", reason)
                .description("Remote-write requests that failed, by reason").register(registry);
    }

    private static int count(List<TimeSeries> series) {
        return series.stream().mapToInt(TimeSeries::getSamplesCount).sum();
    }

    private static String describe(TimeSeries series) {
        return series.getLabelsList().stream().map(l -> l.getName() + "=\"" + l.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Stops polling without waiting, so that {@link #close} and other loops' closes overlap. */
    void stop() {
        loop.stop();
    }

    @Override
    public void close() {
        loop.close();
    }
}
