package dev.gradstream.bus;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.events.v1.Event;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on a thread of its own: polls its topics, decodes each record as an {@link Event}, hands
 * it to the handler, and commits the offsets only after the whole poll was handled (at-least-once, so
 * handlers must be idempotent). A record that does not decode is logged with its topic, partition and
 * offset and skipped; the loop goes on.
 */
public final class EventConsumerLoop implements AutoCloseable {

    /** Receives each decoded event on the loop's thread. */
    @FunctionalInterface
    public interface Handler {
        void handle(Event event, ConsumerRecord<String, byte[]> record) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventConsumerLoop.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Handler handler;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    public EventConsumerLoop(KafkaClients clients, String groupId, String clientId, Collection<String> topics,
                             Handler handler) {
        this.consumer = clients.consumer(groupId, clientId);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.thread = new Thread(this::run, clientId);
        this.thread.setDaemon(true);
    }

    /** Starts polling on the loop's own thread. */
    public EventConsumerLoop start() {
        thread.start();
        return this;
    }

    /** The underlying consumer, for read-only uses such as binding its client metrics; never poll it. */
    public KafkaConsumer<String, byte[]> kafkaConsumer() {
        return consumer;
    }

    /** Waits until the group has assigned this consumer its partitions; false on time-out. */
    public boolean awaitAssignment(long timeout, TimeUnit unit) throws InterruptedException {
        return assigned.await(timeout, unit);
    }

    private void run() {
        try {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.countDown();
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> record : records) {
                    dispatch(record);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up: fall through to shut down.
        } catch (RuntimeException e) {
            LOG.error("consumer {} stopped: {}", thread.getName(), e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        Event event;
        try {
            event = Event.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("skipping malformed record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        try {
            handler.handle(event, record);
        } catch (Exception e) {
            LOG.error("handler failed on {}-{}@{} ({} of run {}): {}", record.topic(), record.partition(),
                    record.offset(), event.getPayloadCase(), event.getHeader().getRunId(), e.toString(), e);
        }
    }

    /** Stops polling, commits nothing more and closes the consumer. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
