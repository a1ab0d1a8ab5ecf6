package dev.gradstream.sweep;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.bus.EventLimits;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.SweepJob;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a job from a queue record, or says why the record is not a job: no value, over the record limit,
 * not an {@code Event}, another schema version, another payload, or out of the contract's limits
 * ({@link EventLimits}). Such a record is rejected and dead-lettered by the worker, never redelivered.
 */
final class JobRecords {

    private JobRecords() {
    }

    /** The job in {@code record}, or IllegalArgumentException with the reason it is not a valid one. */
    static SweepJob decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("a sweep job record with no value");
        }
        if (record.value().length > EventLimits.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record of " + record.value().length + " bytes, over the "
                    + EventLimits.MAX_RECORD_BYTES + "-byte limit");
        }
        Event event;
        try {
            event = Event.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a gradstream Event: " + e.getMessage());
        }
        if (event.getHeader().getSchemaVersion() != RunChannel.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema_version " + event.getHeader().getSchemaVersion() + ", not "
                    + RunChannel.SCHEMA_VERSION);
        }
        if (!event.hasSweepJob()) {
            throw new IllegalArgumentException("not a sweep job: payload " + event.getPayloadCase());
        }
        String limits = EventLimits.validate(event);
        if (limits != null) {
            throw new IllegalArgumentException(limits);
        }
        return event.getSweepJob();
    }

}
