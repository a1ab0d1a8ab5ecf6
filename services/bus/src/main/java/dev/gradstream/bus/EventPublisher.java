package dev.gradstream.bus;

import dev.gradstream.events.v1.Event;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes events to the topic their payload belongs on, keyed by run id. Sends are asynchronous; a
 * send that finally fails (after the producer's own retries) is kept and thrown as a
 * {@link BusException} from the next {@link #publish} or {@link #flush}, so no loss goes unnoticed.
 * When the producer's buffer is full (a broker outage), {@code publish} blocks: the caller pauses.
 *
 * <p>Thread-safe, like the producer it wraps.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong acknowledged = new AtomicLong();

    public EventPublisher(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Sends {@code event}; throws if an earlier send failed. */
    public void publish(Event event) {
        rethrowFailure();
        String topic = Topics.forEvent(event);
        producer.send(new ProducerRecord<>(topic, Topics.keyOf(event), event.toByteArray()),
                (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, new BusException("event " + event.getPayloadCase()
                                + " of run " + event.getHeader().getRunId() + " to " + topic
                                + " was not delivered: " + error.getMessage(), error));
                    }
                });
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

    private void rethrowFailure() {
        Exception e = failure.get();
        if (e != null) {
            throw e instanceof BusException b ? b : new BusException(e.getMessage(), e);
        }
    }

    /** Closes the producer, waiting at most {@link KafkaClients#CLOSE_TIMEOUT} for unsent events (flush first). */
    @Override
    public void close() {
        producer.close(KafkaClients.CLOSE_TIMEOUT);
    }
}
