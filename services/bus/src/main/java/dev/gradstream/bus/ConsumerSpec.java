package dev.gradstream.bus;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Who an {@link EventConsumerLoop} consumes as, and what it does with a record it cannot use.
 *
 * <p>A bad record must be dead-lettered once per consuming service. A service whose instances share one
 * group (the evaluator) gets that for free: one instance reads each partition, so that instance writes
 * the dead letter ({@link BadRecords#DEAD_LETTER}). A service with one group per instance (the monitor
 * and the live view: their state is in memory, so each reads everything) would write one per instance;
 * there each instance only skips bad records ({@link BadRecords#SKIP}), and the dead letters are written
 * by a second loop in a group shared by the service's instances, {@link #deadLetterOwner}, which does
 * nothing but validate. A restarted instance thus never dead-letters again what its service already did
 * (the owner group's offsets are committed). Validation is a pure function of the record's bytes, so
 * owner and instances agree on what is bad.
 *
 * @param service    the consuming service, as named in dead letters ("evaluator", "liveview", ...)
 * @param groupId    the consumer group
 * @param clientId   the consumer's client id (also its thread's name)
 * @param topics     topics to subscribe to
 * @param badRecords dead-letter bad records, or only skip them (the service's owner loop writes them)
 */
public record ConsumerSpec(String service, String groupId, String clientId, List<String> topics,
                           BadRecords badRecords) {

    /** What a loop does with a record that does not decode or breaks {@link EventLimits}. */
    public enum BadRecords {
        /** Write a dead letter, then go on. */
        DEAD_LETTER,
        /** Count and log it, then go on: the service's {@link #deadLetterOwner} loop writes the dead letter. */
        SKIP
    }

    public ConsumerSpec {
        topics = List.copyOf(topics);
    }

    /** One group shared by every instance of {@code service}, e.g. the evaluator's: it dead-letters itself. */
    public static ConsumerSpec sharedGroup(String service, String groupId, String clientId, Collection<String> topics) {
        return new ConsumerSpec(service, groupId, clientId, List.copyOf(topics), BadRecords.DEAD_LETTER);
    }

    /**
     * A group of this instance's own, {@code gradstream-<service>-<8 hex>} with client id
     * {@code <service>-<8 hex>}: it sees every record, skips bad ones and leaves their dead letters to a
     * {@link #deadLetterOwner} loop of the same service.
     */
    public static ConsumerSpec perInstance(String service, Collection<String> topics) {
        String id = service + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new ConsumerSpec(service, "gradstream-" + id, id, List.copyOf(topics), BadRecords.SKIP);
    }

    /**
     * The loop that dead-letters for every instance of a per-instance-group service: group
     * {@code gradstream-<service>-dead-letters}, shared by the service's instances, so each bad record is
     * dead-lettered once however many instances run.
     */
    public static ConsumerSpec deadLetterOwner(String service, Collection<String> topics) {
        String id = service + "-dead-letters-" + UUID.randomUUID().toString().substring(0, 8);
        return new ConsumerSpec(service, "gradstream-" + service + "-dead-letters", id, List.copyOf(topics),
                BadRecords.DEAD_LETTER);
    }
}
