package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Task;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A run's channel over a real publisher on Kafka's own producer test double. */
@DisplayName("A run's event channel")
class RunChannelTest {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private final AtomicLong clock = new AtomicLong(1_000);
    private final RunChannel channel = new RunChannel(new EventPublisher(producer), "run-a", Backend.BACKEND_SCRATCH,
            Task.TASK_CLASSIFY, 5, clock::getAndIncrement);

    private static Event.Builder batch(long step) {
        return Event.newBuilder().setBatchStats(BatchStats.newBuilder().setStep(step));
    }

    private List<EventHeader> sentHeaders() {
        return producer.history().stream().map(r -> {
            try {
                return Event.parseFrom(r.value()).getHeader();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    @DisplayName("stamps every event with the run's header and the next sequence number, from the first given")
    void stampsHeaders() {
        Event first = channel.emit(batch(0));
        channel.emit(batch(1));
        assertThat(first.getHeader()).isEqualTo(EventHeader.newBuilder().setSchemaVersion(RunChannel.SCHEMA_VERSION)
                .setRunId("run-a").setBackend(Backend.BACKEND_SCRATCH).setTask(Task.TASK_CLASSIFY)
                .setEventTimeUnixMs(1_000).setSequence(5).build());
        assertThat(sentHeaders()).extracting(EventHeader::getSequence).containsExactly(5L, 6L);
        assertThat(sentHeaders()).extracting(EventHeader::getEventTimeUnixMs).containsExactly(1_000L, 1_001L);
        assertThat(channel.nextSequence()).isEqualTo(7);
    }

    @Test
    @DisplayName("numbers but does not send again the events a resumed run already published")
    void suppressesPublished() {
        channel.suppressThrough(6);
        for (int i = 0; i < 4; i++) {
            channel.emit(batch(i));
        }
        assertThat(sentHeaders()).extracting(EventHeader::getSequence).containsExactly(7L, 8L);
    }

    @Test
    @DisplayName("fails the run's next emit and its flush once an event was not delivered, naming the run")
    void failsAfterUndelivered() {
        channel.emit(batch(0));
        channel.emit(batch(1));
        producer.completeNext();
        producer.errorNext(new TimeoutException("broker unreachable"));
        assertThatThrownBy(() -> channel.emit(batch(2))).isInstanceOf(BusException.class)
                .hasMessageContaining("(sequence 6) of run run-a").hasMessageContaining("broker unreachable");
        assertThatThrownBy(channel::flush).isInstanceOf(BusException.class).hasMessageContaining("of run run-a");
        assertThat(producer.history()).hasSize(2);
    }
}
