package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The publisher on Kafka's own producer test double: sends complete or fail when the test says so. */
@DisplayName("The event publisher")
class EventPublisherTest {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private final EventPublisher publisher = new EventPublisher(producer);

    static Event batch(String runId, long sequence) {
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(runId)
                .setSequence(sequence)).setBatchStats(BatchStats.newBuilder().setStep(sequence)).build();
    }

    static Event epoch(String runId, long sequence) {
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(runId)
                .setSequence(sequence)).setEpochMetrics(EpochMetrics.newBuilder().setEpoch(1)).build();
    }

    @Test
    @DisplayName("sends each event to its payload's topic, keyed by run id, and counts acknowledgements")
    void sendsAndCounts() throws Exception {
        publisher.publish(batch("r1", 0));
        publisher.publish(epoch("r1", 1));
        assertThat(publisher.acknowledged()).isZero();
        assertThat(producer.completeNext()).isTrue();
        assertThat(publisher.acknowledged()).isEqualTo(1);
        publisher.flush();
        assertThat(publisher.acknowledged()).isEqualTo(2);
        assertThat(producer.history()).extracting(r -> r.topic()).containsExactly(Topics.BATCHES, Topics.EPOCHS);
        assertThat(producer.history()).extracting(r -> r.key()).containsExactly("r1", "r1");
        assertThat(Event.parseFrom(producer.history().get(1).value())).isEqualTo(epoch("r1", 1));
    }

    @Test
    @DisplayName("throws a failed send from the next publish, naming run, event and sequence, and sends nothing more")
    void failureSurfacesOnNextPublish() {
        long before = EventPublisher.undeliveredInProcess(Event.PayloadCase.BATCH_STATS);
        publisher.publish(batch("r2", 7));
        assertThat(producer.errorNext(new TimeoutException("Expiring 1 record(s): 120000 ms has passed"))).isTrue();
        assertThatThrownBy(() -> publisher.publish(batch("r2", 8))).isInstanceOf(BusException.class)
                .hasMessageContaining("BATCH_STATS (sequence 7) of run r2 to " + Topics.BATCHES + " was not delivered")
                .hasMessageContaining("120000 ms has passed");
        assertThat(producer.history()).hasSize(1);
        assertThat(publisher.undelivered()).isEqualTo(1);
        assertThat(EventPublisher.undeliveredInProcess(Event.PayloadCase.BATCH_STATS) - before).isEqualTo(1);
    }

    @Test
    @DisplayName("throws a send that failed while flushing from flush itself")
    void failureSurfacesOnFlush() {
        publisher.publish(batch("r3", 0));
        publisher.publish(batch("r3", 1));
        producer.completeNext();
        producer.errorNext(new TimeoutException("expired"));
        assertThatThrownBy(publisher::flush).isInstanceOf(BusException.class)
                .hasMessageContaining("(sequence 1) of run r3");
        assertThat(publisher.acknowledged()).isEqualTo(1);
        assertThat(publisher.undelivered()).isEqualTo(1);
    }

    @Test
    @DisplayName("counts an event the producer refuses at once (not through its callback) and throws it")
    void refusedAtSend() {
        long before = EventPublisher.undeliveredInProcess(Event.PayloadCase.EPOCH_METRICS);
        producer.sendException = new KafkaException("producer closed forcefully");
        assertThatThrownBy(() -> publisher.publish(epoch("r4", 3))).isInstanceOf(BusException.class)
                .hasMessageContaining("EPOCH_METRICS (sequence 3) of run r4").hasMessageContaining("closed forcefully");
        assertThat(publisher.undelivered()).isEqualTo(1);
        assertThat(EventPublisher.undeliveredInProcess(Event.PayloadCase.EPOCH_METRICS) - before).isEqualTo(1);
    }

    @Test
    @DisplayName("accounts for every event handed to it: acknowledged plus undelivered is what it was given")
    void accountsForEveryEvent() {
        int sent = 50;
        for (int i = 0; i < sent; i++) {
            publisher.publish(batch("r5", i));
        }
        int failed = 0;
        for (int i = 0; i < sent; i++) {
            if (i % 3 == 0) {
                producer.errorNext(new TimeoutException("expired"));
                failed++;
            } else {
                producer.completeNext();
            }
        }
        assertThat(publisher.undelivered()).isEqualTo(failed);
        assertThat(publisher.acknowledged() + publisher.undelivered()).isEqualTo(sent);
    }
}
