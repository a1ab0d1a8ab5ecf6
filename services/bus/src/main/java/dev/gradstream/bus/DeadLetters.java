package dev.gradstream.bus;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends records a consumer cannot use to {@link Topics#DEAD_LETTERS}: the original key and bytes, and
 * headers saying why and where they came from, so that nothing is lost and the consumer can go on.
 * Thread-safe.
 */
public final class DeadLetters implements AutoCloseable {

    public static final String REASON = "gradstream.dead-letter.reason";
    public static final String SOURCE_TOPIC = "gradstream.dead-letter.topic";
    public static final String SOURCE_PARTITION = "gradstream.dead-letter.partition";
    public static final String SOURCE_OFFSET = "gradstream.dead-letter.offset";
    public static final String CONSUMER = "gradstream.dead-letter.consumer";

    private final KafkaProducer<String, byte[]> producer;
    private final String consumer;

    public DeadLetters(KafkaClients clients, String consumer) {
        this.producer = clients.producer(consumer + "-dead-letters");
        this.consumer = consumer;
    }

    /** Sends {@code record} with {@code reason}, waiting for the broker's acknowledgement. */
    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(reason));
        headers.add(SOURCE_TOPIC, bytes(record.topic()));
        headers.add(SOURCE_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(SOURCE_OFFSET, bytes(Long.toString(record.offset())));
        headers.add(CONSUMER, bytes(consumer));
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(), record.value(), headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while dead-lettering " + where(record));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BusException("could not dead-letter " + where(record) + ": " + e.getCause().getMessage(), e);
        }
    }

    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
