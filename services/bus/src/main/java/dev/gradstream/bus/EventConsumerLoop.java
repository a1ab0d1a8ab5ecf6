package dev.gradstream.bus;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.events.v1.Event;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on a thread of its own: polls its topics, decodes each record as an {@link Event}, hands
 * it to the handler, and commits the offsets only after the whole poll was handled (at-least-once, so
 * handlers must be idempotent). A handler that holds state across records (the evaluator joining
 * chunks) passes a {@link CommitGate} so that offsets of records it has not finished with are not
 * committed. A record that does not decode, carries an unknown schema version or no payload, is larger
 * than {@link #MAX_RECORD_BYTES}, or whose handler throws goes to the dead-letter topic with the reason;
 * the loop goes on.
 */
public final class EventConsumerLoop implements AutoCloseable {

    /** Receives each decoded event on the loop's thread. */
    @FunctionalInterface
    public interface Handler {
        void handle(Event event, ConsumerRecord<String, byte[]> record) throws Exception;
    }

    /** Holds back commits: for a partition, the lowest offset still needed, or -1 when none. */
    @FunctionalInterface
    public interface CommitGate {
        long firstNeededOffset(TopicPartition partition);
    }

    /** Largest record a gradstream consumer accepts (producers keep far below: predictions are chunked). */
    public static final int MAX_RECORD_BYTES = 4 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(EventConsumerLoop.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Handler handler;
    private final CommitGate gate;
    private final DeadLetters deadLetters;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    public EventConsumerLoop(KafkaClients clients, String groupId, String clientId, Collection<String> topics,
                             Handler handler) {
        this(clients, groupId, clientId, topics, handler, partition -> -1);
    }

    public EventConsumerLoop(KafkaClients clients, String groupId, String clientId, Collection<String> topics,
                             Handler handler, CommitGate gate) {
        this.consumer = clients.consumer(groupId, clientId);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.gate = gate;
        this.deadLetters = new DeadLetters(clients, clientId);
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
                    commit(records);
                }
            }
        } catch (WakeupException e) {
            // close() woke us up: fall through to shut down.
        } catch (RuntimeException e) {
            LOG.error("consumer {} stopped: {}", thread.getName(), e.toString(), e);
        } finally {
            consumer.close();
            deadLetters.close();
        }
    }

    /** Commits what was polled, except what the gate still needs. */
    private void commit(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> polled = records.records(partition);
            long next = polled.get(polled.size() - 1).offset() + 1;
            long needed = gate.firstNeededOffset(partition);
            offsets.put(partition, new OffsetAndMetadata(needed >= 0 ? Math.min(needed, next) : next));
        }
        consumer.commitSync(offsets);
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        String reason = null;
        Event event = null;
        if (record.value() == null) {
            reason = "empty record";
        } else if (record.value().length > MAX_RECORD_BYTES) {
            reason = "record of " + record.value().length + " bytes exceeds the " + MAX_RECORD_BYTES + "-byte limit";
        } else {
            try {
                event = Event.parseFrom(record.value());
                if (event.getHeader().getSchemaVersion() != RunChannel.SCHEMA_VERSION) {
                    reason = "unknown schema version " + event.getHeader().getSchemaVersion() + " (this consumer reads "
                            + RunChannel.SCHEMA_VERSION + ")";
                } else if (event.getPayloadCase() == Event.PayloadCase.PAYLOAD_NOT_SET) {
                    reason = "event has no payload (or one this consumer does not know)";
                }
            } catch (InvalidProtocolBufferException e) {
                reason = "not a gradstream.events.v1.Event: " + e.getMessage();
            }
        }
        if (reason == null) {
            try {
                handler.handle(event, record);
                return;
            } catch (Exception e) {
                reason = "handler failed on " + event.getPayloadCase() + " of run " + event.getHeader().getRunId()
                        + ": " + e;
            }
        }
        LOG.warn("dead-lettering {}: {}", DeadLetters.where(record), reason);
        deadLetters.send(record, reason);
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
