package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The process's service metrics")
class ServiceMetersTest {

    @Test
    @DisplayName("count an event that could not be delivered on /metrics, by its type")
    void countsUndeliveredEvents() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServiceMeters.bindUndelivered(registry);
        ServiceMeters.bindUndelivered(registry); // a second service binding it changes nothing
        double before = undeliveredEpochs(registry);
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(producer);
        Event epoch = Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId("metered"))
                .setEpochMetrics(EpochMetrics.newBuilder().setEpoch(1)).build();
        publisher.publish(epoch);
        producer.errorNext(new TimeoutException("expired"));
        assertThatThrownBy(publisher::flush).isInstanceOf(BusException.class);
        assertThat(undeliveredEpochs(registry) - before).isEqualTo(1.0);
        assertThat(registry.scrape()).contains("gradstream_events_undelivered_total{type=\"epoch_metrics\"}");
    }

    private static double undeliveredEpochs(PrometheusMeterRegistry registry) {
        return registry.get("gradstream.events.undelivered").tag("type", "epoch_metrics").functionCounter().count();
    }
}
