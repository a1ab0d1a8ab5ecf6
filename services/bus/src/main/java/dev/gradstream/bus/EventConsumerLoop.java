package dev.gradstream.bus;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.events.v1.Event;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on a thread of its own: polls its topics, decodes each record as an {@link Event}, checks it
 * against {@link EventLimits} before any handler sees it, hands it to the handler, and commits the offsets
 * of what was handled (at-least-once, so handlers must be idempotent): at most once every
 * {@link #COMMIT_INTERVAL} while records keep coming, at once when a poll brings none, and before the loop
 * gives up partitions or closes. A handler that holds state across
 * records (the evaluator joining chunks) passes a {@link CommitGate} so that offsets of records it has not
 * finished with are not committed; one that writes each poll's events elsewhere in one go (the monitor's
 * remote writer) does so in a {@link PollEnd}, which runs before the poll is committed.
 *
 * <p>A record that does not decode, carries an unknown schema version or no payload, breaks a limit, or
 * whose handler throws is bad: it is dead-lettered ({@link DeadLetters}: a reference and a bounded
 * prefix) or, for {@link ConsumerSpec.BadRecords#SKIP}, only skipped, and the loop goes on. If the dead
 * letter cannot be written, the loop does not commit past the record: it seeks back to it, pauses its
 * partition, retries with backoff ({@link PausedPartitions}) and reports {@link #health()} DOWN until it
 * succeeds; its other partitions go on. Nothing but {@link #close()} ends the loop; if anything else does
 * (a fatal Kafka error), {@link #health()} says DOWN and why.
 */
public final class EventConsumerLoop implements AutoCloseable {

    /** Receives each decoded, validated event on the loop's thread. */
    @FunctionalInterface
    public interface Handler {
        void handle(Event event, ConsumerRecord<String, byte[]> record) throws Exception;
    }

    /** Holds back commits: for a partition, the lowest offset still needed, or -1 when none. */
    @FunctionalInterface
    public interface CommitGate {
        long firstNeededOffset(TopicPartition partition);
    }

    /**
     * Told of each event the handler has just handled, on the loop's thread, with the wall-clock time it
     * finished (for latency from the event's own time): must be quick and must not throw.
     */
    @FunctionalInterface
    public interface Observer {
        void handled(Event event, long handledAtUnixMs);
    }

    /**
     * Told after each poll's records were handled and before their offsets are committed, on the loop's thread:
     * a handler that gathers a poll's events and writes them elsewhere in one go (the monitor's remote writer)
     * writes them here, so that nothing is committed before it is written. It may take long, waiting through
     * {@link Waiter}; if it throws, the loop stops without committing the poll (health DOWN, the reason given).
     */
    @FunctionalInterface
    public interface PollEnd {
        void afterHandled(Waiter waiter) throws InterruptedException;
    }

    /** Waits on the loop's thread with its partitions paused, polling so that the group keeps the consumer. */
    @FunctionalInterface
    public interface Waiter {
        /** Waits {@code wait}; throws InterruptedException as soon as the loop is being closed. */
        void await(Duration wait) throws InterruptedException;
    }

    /** Largest record a gradstream consumer accepts; see {@link EventLimits#MAX_RECORD_BYTES}. */
    public static final int MAX_RECORD_BYTES = EventLimits.MAX_RECORD_BYTES;

    /**
     * How often offsets are committed while records keep coming. Each commit is a round trip to the group
     * coordinator and a write to its offsets log. Committing after every poll (about 20 a second per consumer at
     * the producers' 50 ms linger) cost the broker's group coordinator 1.2-1.5% of a core in {@code bench --modes
     * stack}, against 0.6-0.8% now: CPU taken from training on two cores (README "Capacity"). A consumer that
     * dies without closing reads at most this much again.
     */
    static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    /**
     * Longest the commit before giving up partitions or closing may take: a reachable broker answers in
     * milliseconds, and an unreachable one must not hold up a rebalance or shutdown (what is not committed is
     * read again).
     */
    static final Duration LAST_COMMIT_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(EventConsumerLoop.class);
    private static final Handler IGNORE = (event, record) -> { };

    private final ConsumerSpec spec;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Handler handler;
    private final CommitGate gate;
    private final DeadLetters deadLetters;
    private final PausedPartitions paused = new PausedPartitions();
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLetterFailures = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private volatile Observer observer;
    private volatile PollEnd pollEnd = waiter -> { };
    private volatile Supplier<OptionalLong> startTime;
    /** Partitions this loop has positioned by {@link #startAt} (owned by the loop's thread). */
    private final Set<TopicPartition> positioned = new HashSet<>();
    private volatile boolean running = true;
    private volatile ConsumerHealth health = ConsumerHealth.ok();
    /** Offsets handled but not yet committed (owned by the loop's thread). */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    /** When offsets were last committed, or tried ({@link System#nanoTime()}; owned by the loop's thread). */
    private long lastCommitNanos;

    /** A loop in a group of its own or shared by every instance of a service named after the group. */
    public EventConsumerLoop(KafkaClients clients, String groupId, String clientId, Collection<String> topics,
                             Handler handler) {
        this(clients, groupId, clientId, topics, handler, partition -> -1);
    }

    /** As above, with a commit gate. */
    public EventConsumerLoop(KafkaClients clients, String groupId, String clientId, Collection<String> topics,
                             Handler handler, CommitGate gate) {
        this(clients, ConsumerSpec.sharedGroup(groupId, groupId, clientId, topics), handler, gate);
    }

    public EventConsumerLoop(KafkaClients clients, ConsumerSpec spec, Handler handler) {
        this(clients, spec, handler, partition -> -1);
    }

    public EventConsumerLoop(KafkaClients clients, ConsumerSpec spec, Handler handler, CommitGate gate) {
        this.spec = spec;
        this.consumer = clients.consumer(spec.groupId(), spec.clientId());
        this.handler = handler;
        this.gate = gate;
        this.deadLetters = new DeadLetters(clients, spec.service(), spec.groupId(), spec.clientId());
        this.thread = new Thread(this::run, spec.clientId());
        this.thread.setDaemon(true);
    }

    /**
     * The loop that writes the dead letters of a per-instance-group service ({@link ConsumerSpec#deadLetterOwner}):
     * it validates every record and handles none. Start it beside the instance's own loop.
     */
    public static EventConsumerLoop deadLetterOwner(KafkaClients clients, String service, Collection<String> topics) {
        return new EventConsumerLoop(clients, ConsumerSpec.deadLetterOwner(service, topics), IGNORE);
    }

    /** Starts polling on the loop's own thread. */
    public EventConsumerLoop start() {
        thread.start();
        return this;
    }

    public ConsumerSpec spec() {
        return spec;
    }

    /** The underlying consumer, for read-only uses such as binding its client metrics; never poll it. */
    public KafkaConsumer<String, byte[]> kafkaConsumer() {
        return consumer;
    }

    /** Waits until the group has assigned this consumer its partitions; false on time-out. */
    public boolean awaitAssignment(long timeout, TimeUnit unit) throws InterruptedException {
        return assigned.await(timeout, unit);
    }

    /** UP while the loop polls and handles; DOWN with the reason when it stopped or holds a partition back. */
    public ConsumerHealth health() {
        return health;
    }

    /** Bad records this loop dead-lettered. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Bad records this loop skipped without a dead letter ({@link ConsumerSpec.BadRecords#SKIP}). */
    public long skipped() {
        return skipped.get();
    }

    /**
     * Records behind the end of this loop's partitions as of its last poll (0 before the first poll and
     * when caught up): how far the service is behind its producers.
     */
    public long lag() {
        return lag.get();
    }

    /** Tells {@code observer} of every event handled from now on (one observer; null for none). */
    public EventConsumerLoop observe(Observer observer) {
        this.observer = observer;
        return this;
    }

    /** Calls {@code pollEnd} after each poll's records are handled, before they are committed; set before start. */
    public EventConsumerLoop afterEachPoll(PollEnd pollEnd) {
        this.pollEnd = pollEnd;
        return this;
    }

    /**
     * Where to start a partition the group has no committed offset for: the first record at or after the time
     * {@code startTime} gives (Unix ms, asked on the loop's thread when such partitions are assigned), or the beginning when it gives none.
     * Without it such a partition starts at the beginning ({@code auto.offset.reset=earliest}). Set before start.
     */
    public EventConsumerLoop startAt(Supplier<OptionalLong> startTime) {
        this.startTime = startTime;
        return this;
    }

    /** Dead letters that could not be written (each is retried). */
    public long deadLetterFailures() {
        return deadLetterFailures.get();
    }

    private void run() {
        try {
            consumer.subscribe(spec.topics(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    paused.forget(partitions);
                    Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>(uncommitted);
                    leaving.keySet().retainAll(partitions);
                    commitQuietly(leaving, "revoked partitions");
                    partitions.forEach(uncommitted::remove);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    paused.forget(partitions); // another member owns them already: nothing to commit
                    partitions.forEach(uncommitted::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    positionAtStartTime(partitions);
                    assigned.countDown();
                }
            });
            while (running) {
                consumer.resume(paused.due(System.nanoTime()));
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                Map<TopicPartition, Long> next = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (!dispatch(record)) {
                            break; // held back: the rest of this partition is read again after the retry
                        }
                        next.put(partition, record.offset() + 1);
                    }
                }
                pollEnd.afterHandled(this::waitKeepingMembership);
                commit(next, records.isEmpty());
                lag.set(currentLag());
                if (!running) {
                    break;
                }
                health = paused.isEmpty() ? ConsumerHealth.ok()
                        : ConsumerHealth.down("cannot write dead letters, holding back " + paused.describe());
            }
            health = ConsumerHealth.down("closed");
        } catch (WakeupException | InterruptedException e) {
            health = ConsumerHealth.down("closed");
        } catch (RuntimeException | Error e) {
            health = ConsumerHealth.down("consumer " + spec.clientId() + " stopped: " + e);
            LOG.error("consumer {} stopped: {}", spec.clientId(), e.toString(), e);
        } finally {
            closeQuietly();
        }
    }

    /**
     * Polls with every partition paused until {@code wait} has passed, so the group keeps this consumer. A
     * partition assigned meanwhile may still deliver records: they are not handled, so it is sought back to them.
     */
    private void waitKeepingMembership(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Set<TopicPartition> held = new HashSet<>(consumer.assignment());
        held.removeAll(consumer.paused()); // those held back for a dead letter stay so, and resume when due
        consumer.pause(held);
        try {
            while (running && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> unasked = consumer.poll(
                        Duration.ofMillis(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
                for (TopicPartition partition : unasked.partitions()) {
                    consumer.seek(partition, unasked.records(partition).get(0).offset());
                    consumer.pause(List.of(partition));
                    held.add(partition);
                }
                lag.set(currentLag());
            }
        } finally {
            held.retainAll(consumer.assignment());
            consumer.resume(held);
        }
        if (!running) {
            throw new InterruptedException("consumer " + spec.clientId() + " is closing");
        }
    }

    /**
     * Seeks the newly assigned partitions without a committed offset to {@link #startAt}'s time, once each (a
     * later assignment of the same partition continues where this loop read).
     */
    private void positionAtStartTime(Collection<TopicPartition> partitions) {
        Supplier<OptionalLong> supplier = startTime;
        Set<TopicPartition> fresh = new HashSet<>(partitions);
        fresh.removeAll(positioned);
        if (supplier == null || fresh.isEmpty()) {
            return;
        }
        positioned.addAll(fresh);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(fresh, TopicReader.TIMEOUT);
        fresh.removeIf(partition -> committed.get(partition) != null);
        OptionalLong time = fresh.isEmpty() ? OptionalLong.empty() : supplier.get();
        if (time.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        fresh.forEach(partition -> query.put(partition, time.getAsLong()));
        // Ends taken before the search: a record appended after it is not skipped by seeking to them.
        Map<TopicPartition, Long> ends = consumer.endOffsets(fresh, TopicReader.TIMEOUT);
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, TopicReader.TIMEOUT);
        for (TopicPartition partition : fresh) {
            OffsetAndTimestamp at = found.get(partition);
            if (at == null) {
                consumer.seek(partition, ends.get(partition)); // nothing that recent on it then
            } else {
                consumer.seek(partition, at.offset());
            }
        }
        LOG.debug("consumer {} starts {} partitions at record time {}", spec.clientId(), fresh.size(), time.getAsLong());
    }

    /** Records behind the log end over the assigned partitions, from what the last fetches reported. */
    private long currentLag() {
        long behind = 0;
        for (TopicPartition partition : consumer.assignment()) {
            behind += consumer.currentLag(partition).orElse(0);
        }
        return behind;
    }

    /**
     * Notes the next offsets of what was handled, except what the gate still needs, and commits all it has noted
     * when {@link #COMMIT_INTERVAL} has passed since the last commit or the poll was {@code quiet} (brought no
     * records). A commit that fails retriably (a busy coordinator) is tried again at a later poll, at the latest
     * the next quiet one, so a quiet topic's last offsets are not left uncommitted; one that fails because the
     * partitions moved is dropped (whoever reads them next starts at the last committed offset: at-least-once,
     * handlers are idempotent).
     */
    private void commit(Map<TopicPartition, Long> next, boolean quiet) {
        next.forEach((partition, offset) -> {
            long needed = gate.firstNeededOffset(partition);
            uncommitted.put(partition, new OffsetAndMetadata(needed >= 0 ? Math.min(needed, offset) : offset));
        });
        long now = System.nanoTime();
        if (uncommitted.isEmpty() || !quiet && now - lastCommitNanos < COMMIT_INTERVAL.toNanos()) {
            return;
        }
        lastCommitNanos = now;
        try {
            consumer.commitSync(uncommitted);
            uncommitted.clear();
        } catch (RetriableException e) {
            LOG.warn("consumer {} could not commit yet, retrying at the next poll: {}", spec.clientId(), e.toString());
        } catch (CommitFailedException | RebalanceInProgressException e) {
            uncommitted.clear();
            LOG.warn("consumer {} could not commit, records will be read again: {}", spec.clientId(), e.toString());
        }
    }

    /** Handles or refuses one record; false when it is bad and its dead letter could not be written. */
    private boolean dispatch(ConsumerRecord<String, byte[]> record) {
        Decoded decoded = decode(record.value());
        if (decoded.refusal() == null) {
            Event event = decoded.event();
            try {
                handler.handle(event, record);
                Observer o = observer;
                if (o != null) {
                    o.handled(event, System.currentTimeMillis());
                }
                return true;
            } catch (Exception e) {
                // An instance's own failure: a dead-letter owner loop, which handles nothing, cannot see it.
                return deadLetter(record, "handler of " + spec.service() + " failed on " + event.getPayloadCase()
                        + " of run " + event.getHeader().getRunId() + ": " + e);
            }
        }
        if (spec.badRecords() == ConsumerSpec.BadRecords.SKIP) {
            skipped.incrementAndGet();
            LOG.debug("skipping {} (the {} dead-letter loop writes its dead letter): {}", DeadLetters.where(record),
                    spec.service(), decoded.refusal());
            return true;
        }
        return deadLetter(record, decoded.refusal());
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        LOG.warn("dead-lettering {}: {}", DeadLetters.where(record), reason);
        try {
            deadLetters.send(record, reason);
            deadLettered.incrementAndGet();
            paused.succeeded(partition);
            return true;
        } catch (BusException e) {
            deadLetterFailures.incrementAndGet();
            long backoff = paused.failed(partition, DeadLetters.where(record) + ": " + e.getMessage(), System.nanoTime());
            LOG.error("{}; retrying in {} ms, not committing past it", e.getMessage(), backoff);
            consumer.seek(partition, record.offset());
            consumer.pause(List.of(partition));
            return false;
        }
    }

    /**
     * The event a record holds when it passes the contract's checks, else null: for readers that skip what the
     * topic's own consumers dead-letter (stored-event reads, the monitor's remote writer).
     */
    public static Event validEvent(byte[] value) {
        Decoded decoded = decode(value);
        return decoded.refusal() == null ? decoded.event() : null;
    }

    /**
     * Why a consumer loop refuses a record value before any handler sees it (it does not decode, has an
     * unknown schema version or no payload, or breaks {@link EventLimits}), or null when it accepts it.
     */
    public static String refusalOf(byte[] value) {
        return decode(value).refusal();
    }

    /** A record's event, or why it is refused (then the event may be null). */
    record Decoded(Event event, String refusal) {
    }

    /**
     * Decodes {@code record} and checks it: size before decoding, then schema version, payload and
     * {@link EventLimits}. Decoding allocates at most a small multiple of the record's bytes.
     */
    static Decoded decode(byte[] value) {
        if (value == null) {
            return new Decoded(null, "empty record");
        }
        if (value.length > MAX_RECORD_BYTES) {
            return new Decoded(null, "record of " + value.length + " bytes exceeds the " + MAX_RECORD_BYTES
                    + "-byte limit");
        }
        Event event;
        try {
            event = Event.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            return new Decoded(null, "not a gradstream.events.v1.Event: " + e.getMessage());
        }
        if (event.getHeader().getSchemaVersion() != RunChannel.SCHEMA_VERSION) {
            return new Decoded(event, "unknown schema version " + event.getHeader().getSchemaVersion()
                    + " (this consumer reads " + RunChannel.SCHEMA_VERSION + ")");
        }
        if (event.getPayloadCase() == Event.PayloadCase.PAYLOAD_NOT_SET) {
            return new Decoded(event, "event has no payload (or one this consumer does not know)");
        }
        String limit = EventLimits.validate(event);
        return new Decoded(event, limit == null ? null : "breaks a limit of the v1 contract: " + limit);
    }

    /** Commits {@code offsets} now, if any; a failure is logged (those records will be read again). */
    private void commitQuietly(Map<TopicPartition, OffsetAndMetadata> offsets, String what) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets, LAST_COMMIT_TIMEOUT);
            } catch (WakeupException e) { // stop()'s wake-up, thrown once: the commit itself can still go on
                consumer.commitSync(offsets, LAST_COMMIT_TIMEOUT);
            }
        } catch (RuntimeException e) {
            LOG.warn("consumer {} did not commit its {}, records will be read again: {}", spec.clientId(), what,
                    e.toString());
        }
    }

    private void closeQuietly() {
        commitQuietly(uncommitted, "last offsets");
        uncommitted.clear();
        try {
            consumer.close(CloseOptions.timeout(KafkaClients.CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("consumer {} did not close cleanly: {}", spec.clientId(), e.toString());
        }
        deadLetters.close();
    }

    /**
     * Tells the loop to stop and returns at once; the loop's thread then closes the consumer as {@link #close}
     * does. Stopping several loops first and then closing each lets their consumers leave their groups at the
     * same time (leaving takes about half a second: a fetch the broker holds open ends first).
     */
    public void stop() {
        running = false;
        health = ConsumerHealth.down("closed");
        consumer.wakeup();
    }

    /**
     * Stops polling, commits the offsets of what was handled and not yet committed (within
     * {@link #LAST_COMMIT_TIMEOUT}), and closes the consumer (leaving its group) and the dead-letter producer,
     * each within {@link KafkaClients#CLOSE_TIMEOUT}. Blocks the caller that long at most: call it off any event
     * loop.
     */
    @Override
    public void close() {
        stop();
        try {
            thread.join(3 * KafkaClients.CLOSE_TIMEOUT.toMillis() + LAST_COMMIT_TIMEOUT.toMillis()
                    + DeadLetters.SEND_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
