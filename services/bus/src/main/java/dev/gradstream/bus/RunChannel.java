package dev.gradstream.bus;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Task;
import java.util.function.LongSupplier;

/**
 * The events of one run: stamps each with the header (schema version, run id, backend, task, event
 * time and the run's next sequence number) and publishes it. One producer thread per run.
 */
public final class RunChannel {

    /** Version of the gradstream.events.v1 schema package. */
    public static final int SCHEMA_VERSION = 1;

    private final EventPublisher publisher;
    private final String runId;
    private final Backend backend;
    private final Task task;
    private final LongSupplier clock;
    private long nextSequence;
    private long suppressThrough = -1;

    public RunChannel(EventPublisher publisher, String runId, Backend backend, Task task, long firstSequence) {
        this(publisher, runId, backend, task, firstSequence, System::currentTimeMillis);
    }

    RunChannel(EventPublisher publisher, String runId, Backend backend, Task task, long firstSequence,
               LongSupplier clock) {
        this.publisher = publisher;
        this.runId = runId;
        this.backend = backend;
        this.task = task;
        this.nextSequence = firstSequence;
        this.clock = clock;
    }

    public String runId() {
        return runId;
    }

    /** The sequence number the next event will carry. */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * Events numbered up to {@code sequence} are already in Kafka (published before a crash, and
     * regenerated identically by a resumed run): number them as usual but do not send them again.
     */
    public void suppressThrough(long sequence) {
        this.suppressThrough = sequence;
    }

    /** Stamps the header on {@code event} and publishes it; returns what was sent. */
    public Event emit(Event.Builder event) {
        long sequence = nextSequence++;
        event.setHeader(header(sequence));
        Event built = event.build();
        if (sequence > suppressThrough) {
            publisher.publish(built);
        }
        return built;
    }

    /** A header for this run with the given sequence number and the current time. */
    public EventHeader header(long sequence) {
        return EventHeader.newBuilder()
                .setSchemaVersion(SCHEMA_VERSION)
                .setRunId(runId)
                .setBackend(backend)
                .setTask(task)
                .setEventTimeUnixMs(clock.getAsLong())
                .setSequence(sequence)
                .build();
    }

    /** Blocks until everything emitted is acknowledged. */
    public void flush() {
        publisher.flush();
    }
}
