package dev.gradstream.bus;

import java.util.Collection;
import java.util.List;

/**
 * The consumer of a service whose every instance reads every record in a group of its own (state in
 * memory: the monitor, the live view, a sweep's result collector, the command line's evaluation watcher):
 * this instance's loop ({@link ConsumerSpec#perInstance}), which skips bad records, and the service's
 * dead-letter loop ({@link ConsumerSpec#deadLetterOwner}), which writes each bad record's dead letter once
 * for all instances. Thread-safe like the loops it holds.
 */
public final class InstanceConsumer implements AutoCloseable {

    private final EventConsumerLoop loop;
    private final EventConsumerLoop deadLetterLoop;

    /**
     * @param service the service, named in groups ({@code gradstream-<service>-...}) and in dead letters
     * @param handler receives each valid event on this instance's loop thread
     */
    public InstanceConsumer(KafkaClients clients, String service, Collection<String> topics,
                            EventConsumerLoop.Handler handler) {
        this.loop = new EventConsumerLoop(clients, ConsumerSpec.perInstance(service, topics), handler);
        this.deadLetterLoop = EventConsumerLoop.deadLetterOwner(clients, service, topics);
    }

    /** Starts both loops. */
    public InstanceConsumer start() {
        loop.start();
        deadLetterLoop.start();
        return this;
    }

    /** This instance's loop: its consumer for client metrics, its assignment, its skipped count. */
    public EventConsumerLoop loop() {
        return loop;
    }

    /** The loop that dead-letters for the service: its dead-lettered and failure counts. */
    public EventConsumerLoop deadLetterLoop() {
        return deadLetterLoop;
    }

    /** UP while both loops run; else DOWN with the first one's reason. */
    public ConsumerHealth health() {
        return ConsumerHealth.worst(loop.health(), deadLetterLoop.health());
    }

    /** Both loops, e.g. to bind their counts as metrics. */
    public List<EventConsumerLoop> loops() {
        return List.of(loop, deadLetterLoop);
    }

    /** Closes both loops, side by side (each within its time-outs); call it off any event loop. */
    @Override
    public void close() {
        loop.stop();
        deadLetterLoop.stop();
        loop.close();
        deadLetterLoop.close();
    }
}
