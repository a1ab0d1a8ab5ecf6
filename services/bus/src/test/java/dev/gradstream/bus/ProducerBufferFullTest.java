package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops while a producer with a small buffer keeps publishing: sends return while the buffer has
 * room, the send that finds it full for {@code max.block.ms} fails, the failure surfaces on the next publish
 * naming the run and event, and every event handed over ends up either in Kafka (once) or counted undelivered.
 */
@Tag("integration")
@DisplayName("A producer whose buffer fills while the broker is down")
class ProducerBufferFullTest {

    private static final String RUN = "buffer-full-run";
    /** Events the publishing loop offers at most: far more than 64 KiB of buffer holds. */
    private static final int MAX_EVENTS = 20_000;

    @Test
    @DisplayName("fails the next publish with the run and event named, and loses nothing silently")
    void failsLoudlyAndAccountsForEveryEvent(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), true, 0)) {
            KafkaClients admin = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(admin, 1, (short) 1);
            // A small buffer that blocks half a second when full; records never expire during the test.
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of("buffer.memory", "65536",
                    "batch.size", "16384", "max.block.ms", "500", "request.timeout.ms", "1000",
                    "delivery.timeout.ms", "60000"));
            long undeliveredBefore = EventPublisher.undeliveredInProcess(Event.PayloadCase.BATCH_STATS);
            EventPublisher publisher = new EventPublisher(clients.producer("buffer-full"));
            Random random = new Random(18);
            int published = 0;
            for (; published < 10; published++) {
                publisher.publish(incompressible(published, random));
                if (published == 0) {
                    // One batch alone until the new partition has its leader: when the first of several batches
                    // in flight got NOT_LEADER_OR_FOLLOWER, the broker took the later ones and then refused the
                    // first's retry as out of order until it expired (seen once in ten runs on a loaded machine).
                    publisher.flush();
                }
            }
            publisher.flush();
            assertThat(publisher.acknowledged()).isEqualTo(10);

            kafka.stop();
            ExecutorService sender = Executors.newSingleThreadExecutor();
            int beforeOutage = published;
            Future<BusException> outage = sender.submit(() -> {
                for (int i = beforeOutage; i < beforeOutage + MAX_EVENTS; i++) {
                    try {
                        publisher.publish(incompressible(i, random));
                    } catch (BusException e) {
                        return e;
                    }
                }
                return null;
            });
            BusException failure = outage.get(120, TimeUnit.SECONDS); // a hang guard, not a timing assertion
            sender.shutdown();
            assertThat(failure).as("a publish failed once the buffer stayed full").isNotNull();
            assertThat(failure.getMessage()).contains("BATCH_STATS", "of run " + RUN, "was not delivered");
            assertThat(failure).hasCauseInstanceOf(BufferExhaustedException.class);
            long sequenceRefused = Long.parseLong(failure.getMessage().replaceAll(".*\\(sequence (\\d+)\\).*", "$1"));
            published = (int) sequenceRefused + 1; // the refused send returned; the publish after it threw
            int buffered = published - 1 - beforeOutage;
            assertThat(buffered).as("events buffered while the broker was down").isPositive();

            kafka.restart();
            publisher.close(); // delivers what the buffer holds, or counts what it aborts
            assertThat(publisher.undelivered()).isPositive();
            assertThat(publisher.acknowledged() + publisher.undelivered()).isEqualTo(published);
            assertThat(EventPublisher.undeliveredInProcess(Event.PayloadCase.BATCH_STATS) - undeliveredBefore)
                    .isGreaterThanOrEqualTo(publisher.undelivered());
            long inKafka = recordsOf(admin);
            System.out.printf("buffer full: %d events buffered during the outage, then 1 refused; %d acknowledged, "
                    + "%d undelivered, %d in Kafka; %s%n", buffered, publisher.acknowledged(), publisher.undelivered(),
                    inKafka, failure.getMessage());
            assertThat(inKafka).as("exactly the acknowledged events are in Kafka").isEqualTo(publisher.acknowledged());
        }
    }

    /** A batch event of about 4 KB that lz4 cannot shrink much. */
    private static Event incompressible(long sequence, Random random) {
        BatchStats.Builder stats = BatchStats.newBuilder().setStep(sequence);
        for (int layer = 0; layer < 100; layer++) {
            stats.addLayersBuilder().setLayer(layer).setGradL2Norm(random.nextDouble()).setGradMeanAbs(random.nextDouble())
                    .setGradMaxAbs(random.nextDouble()).setUpdateRatio(random.nextDouble());
        }
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(RUN)
                .setSequence(sequence)).setBatchStats(stats).build();
    }

    private static long recordsOf(KafkaClients clients) {
        long count = 0;
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("buffer-full-reader", "buffer-full-reader")) {
            consumer.subscribe(List.of(Topics.BATCHES));
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && (count == 0 || System.nanoTime() - quietSince < 3e9)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (RUN.equals(r.key())) {
                        count++;
                        quietSince = System.nanoTime();
                    }
                }
            }
        }
        return count;
    }
}
