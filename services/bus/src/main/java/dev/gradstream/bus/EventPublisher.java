package dev.gradstream.bus;

import dev.gradstream.events.v1.Event;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to the topic their payload belongs on, keyed by run id. Sends are asynchronous; a
 * send that finally fails (after the producer's own retries, its {@code delivery.timeout.ms}, or a buffer
 * that stayed full for {@code max.block.ms}) is kept and thrown as a {@link BusException} from the next
 * {@link #publish} or {@link #flush}. Nothing is lost silently: every event handed to {@link #publish} ends
 * up either {@link #acknowledged()} or {@link #undelivered()} (once the producer is closed), every
 * undelivered event is counted by type for the whole process ({@link #undeliveredInProcess}, a metric), and
 * the first undelivered event of each run is logged with its run id and type.
 *
 * <p>Thread-safe, like the producer it wraps.
 */
public final class EventPublisher implements AutoCloseable {

    /** Runs whose first undelivered event a publisher logs; later runs' failures are still counted. */
    static final int MAX_RUNS_LOGGED = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    /** Undelivered events of every publisher in this process, by payload; the map is never modified. */
    private static final Map<Event.PayloadCase, LongAdder> UNDELIVERED_IN_PROCESS = undeliveredByPayload();

    private final Producer<String, byte[]> producer;
    private final AtomicReference<BusException> failure = new AtomicReference<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private final Set<String> runsLogged = ConcurrentHashMap.newKeySet();

    /** @param producer a producer from {@link KafkaClients}; this publisher closes it */
    public EventPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Sends {@code event}; throws if an earlier send failed. Returns at once unless the producer's buffer is
     * full, then waits at most the producer's {@code max.block.ms} before the event counts as undelivered.
     */
    public void publish(Event event) {
        rethrowFailure();
        String topic = Topics.forEvent(event);
        try {
            producer.send(new ProducerRecord<>(topic, Topics.keyOf(event), event.toByteArray()),
                    (metadata, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            notDelivered(event, topic, error);
                        }
                    });
        } catch (KafkaException e) { // not an ApiException, which the producer hands to the callback instead
            notDelivered(event, topic, e);
            rethrowFailure();
        }
    }

    /** Waits until every event sent so far is acknowledged by the broker; throws if any failed. */
    public void flush() {
        producer.flush();
        rethrowFailure();
    }

    /** Events the broker has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Events of this publisher that the producer gave up on (expired, refused, or aborted by a close). */
    public long undelivered() {
        return undelivered.get();
    }

    /** Events with a {@code payload} that no publisher of this process could deliver (a counter to bind). */
    public static long undeliveredInProcess(Event.PayloadCase payload) {
        return UNDELIVERED_IN_PROCESS.get(payload).sum();
    }

    private void notDelivered(Event event, String topic, Exception error) {
        long count = undelivered.incrementAndGet();
        UNDELIVERED_IN_PROCESS.get(event.getPayloadCase()).increment();
        String runId = event.getHeader().getRunId();
        BusException e = new BusException("event " + event.getPayloadCase() + " (sequence "
                + event.getHeader().getSequence() + ") of run " + runId + " to " + topic + " was not delivered: "
                + error.getMessage(), error);
        failure.compareAndSet(null, e);
        if (runsLogged.size() < MAX_RUNS_LOGGED && runsLogged.add(runId)) {
            LOG.error("{} ({} undelivered events of this producer so far; later ones of this run are counted, "
                    + "not logged)", e.getMessage(), count);
        }
    }

    private void rethrowFailure() {
        BusException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /**
     * Closes the producer, waiting at most {@link KafkaClients#CLOSE_TIMEOUT} for unsent events (flush first);
     * events it then aborts count as undelivered, and their number is logged.
     */
    @Override
    public void close() {
        long before = undelivered.get();
        producer.close(KafkaClients.CLOSE_TIMEOUT);
        long aborted = undelivered.get() - before;
        if (aborted > 0) {
            LOG.error("{} events were still unsent when the producer closed and are not delivered", aborted);
        }
    }

    private static Map<Event.PayloadCase, LongAdder> undeliveredByPayload() {
        Map<Event.PayloadCase, LongAdder> counts = new EnumMap<>(Event.PayloadCase.class);
        for (Event.PayloadCase payload : Event.PayloadCase.values()) {
            counts.put(payload, new LongAdder());
        }
        return Collections.unmodifiableMap(counts);
    }
}
