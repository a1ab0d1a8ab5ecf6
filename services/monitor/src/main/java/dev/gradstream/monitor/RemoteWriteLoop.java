package dev.gradstream.monitor;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.monitor.prompb.Sample;
import dev.gradstream.monitor.prompb.TimeSeries;
import dev.gradstream.monitor.prompb.WriteRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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
 * Records that break the contract ({@link EventConsumerLoop#validEvent}) are skipped here; the monitor's
 * gauge loop dead-letters them.
 */
final class RemoteWriteLoop implements AutoCloseable {

    /** Topics whose events have history series; predictions, comparisons and sweeps have none. */
    static final List<String> TOPICS = List.of(Topics.RUNS, Topics.EPOCHS, Topics.BATCHES, Topics.EVALUATIONS);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteLoop.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final RemoteWriteClient client;
    private final HistorySeries history = new HistorySeries();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String stoppedBecause;

    private final Counter sent;
    private final Counter rejected;
    private final Counter skipped;
    private final MeterRegistry registry;
    private final AtomicLong backlogRecords = new AtomicLong();
    private final AtomicLong pendingSamples = new AtomicLong();
    /** Records of the poll being written (not committed yet). */
    private long inFlight;

    /**
     * @param group the consumer group whose committed offsets say what Prometheus already has; stable across
     *              restarts of the same monitor
     */
    RemoteWriteLoop(KafkaClients clients, String group, String clientId, RemoteWriteClient client,
                    MeterRegistry registry) {
        this.consumer = clients.consumer(group, clientId);
        this.client = client;
        this.registry = registry;
        this.sent = samples(registry, "sent");
        this.rejected = samples(registry, "rejected");
        this.skipped = Counter.builder("gradstream.remote.write.records.skipped")
                .description("Records the remote writer skipped because they are not gradstream events")
                .register(registry);
        Gauge.builder("gradstream.remote.write.backlog.records", backlogRecords, AtomicLong::get)
                .description("Kafka records not yet written to Prometheus").register(registry);
        Gauge.builder("gradstream.remote.write.pending.samples", pendingSamples, AtomicLong::get)
                .description("Samples of the request waiting for Prometheus").register(registry);
        for (String reason : List.of("unreachable", "http_4xx", "http_429", "http_5xx")) {
            failedCounter(reason); // present at 0 from the start, so that rates and alerts have a series
        }
        this.thread = new Thread(this::run, clientId);
        this.thread.setDaemon(true);
    }

    private static Counter samples(MeterRegistry registry, String outcome) {
        return Counter.builder("gradstream.remote.write.samples").tag("outcome", outcome)
                .description("Samples sent to Prometheus' remote-write receiver, by outcome").register(registry);
    }

    RemoteWriteLoop start() {
        thread.start();
        return this;
    }

    /** Null while running; why the loop stopped otherwise. */
    String stoppedBecause() {
        return stoppedBecause;
    }

    private void run() {
        try {
            consumer.subscribe(TOPICS);
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                backlogRecords.set(lag() + records.count());
                if (records.isEmpty()) {
                    continue;
                }
                HistorySeries.Batch batch = new HistorySeries.Batch();
                for (ConsumerRecord<String, byte[]> record : records) {
                    Event event = EventConsumerLoop.validEvent(record.value());
                    if (event == null) {
                        skipped.increment();
                    } else {
                        history.add(event, batch);
                    }
                }
                inFlight = records.count();
                if (!batch.isEmpty()) {
                    pendingSamples.set(batch.samples());
                    deliver(batch.series());
                    pendingSamples.set(0);
                }
                consumer.commitSync(nextOffsets(records));
                inFlight = 0;
                backlogRecords.set(lag());
            }
        } catch (WakeupException | InterruptedException e) {
            // close(): the uncommitted poll is written again by the next monitor.
        } catch (RuntimeException e) {
            stoppedBecause = e.toString();
            LOG.error("remote writer {} stopped: {}", thread.getName(), e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Writes {@code series}, retrying what may pass later and isolating what Prometheus refuses. */
    private void deliver(List<TimeSeries> series) throws InterruptedException {
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
                    split(series, result);
                    return;
                }
                case RETRY -> {
                    failed(result);
                    LOG.warn("remote write of {} samples to {} failed, retrying in {} ms: {}", count(series),
                            client.url(), backoff.toMillis(), result.message());
                    waitKeepingMembership(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }

    /** Sends the halves of a refused request on their own, down to single samples, which are logged and counted. */
    private void split(List<TimeSeries> series, RemoteWriteClient.Result result) throws InterruptedException {
        if (series.size() > 1) {
            deliver(series.subList(0, series.size() / 2));
            deliver(series.subList(series.size() / 2, series.size()));
            return;
        }
        TimeSeries one = series.get(0);
        if (one.getSamplesCount() > 1) {
            List<Sample> samples = one.getSamplesList();
            int half = samples.size() / 2;
            deliver(List.of(one.toBuilder().clearSamples().addAllSamples(samples.subList(0, half)).build()));
            deliver(List.of(one.toBuilder().clearSamples().addAllSamples(samples.subList(half, samples.size())).build()));
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

    /** Sleeps with every partition paused, polling so that the group keeps this consumer. */
    private void waitKeepingMembership(Duration wait) throws InterruptedException {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (running && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
                backlogRecords.set(lag() + inFlight);
            }
        } finally {
            consumer.resume(assigned);
        }
        if (!running) {
            throw new InterruptedException("closing");
        }
    }

    private long lag() {
        long total = 0;
        for (TopicPartition p : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(p);
            total += lag.orElse(0);
        }
        return total;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition p : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> polled = records.records(p);
            offsets.put(p, new OffsetAndMetadata(polled.get(polled.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static int count(List<TimeSeries> series) {
        return series.stream().mapToInt(TimeSeries::getSamplesCount).sum();
    }

    private static String describe(TimeSeries series) {
        return series.getLabelsList().stream().map(l -> l.getName() + "=\"" + l.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
