package dev.gradstream.bus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a reference to a record a consumer cannot use to {@link Topics#DEAD_LETTERS}: where it is
 * (topic, partition, offset), how big it is and its SHA-256, which service, group and client refused it
 * and why, in headers; as value at most the first {@link #MAX_VALUE_PREFIX_BYTES} bytes of the original.
 * The original stays in its topic (retention is unlimited), so nothing is lost, and a dead letter always
 * fits the producer's default {@code max.request.size} (1 MiB) whatever the original's size. Each send
 * waits at most {@link #SEND_TIMEOUT_MS}; the caller decides whether and when to retry. Thread-safe.
 */
public final class DeadLetters implements AutoCloseable {

    public static final String REASON = "gradstream.dead-letter.reason";
    public static final String SOURCE_TOPIC = "gradstream.dead-letter.topic";
    public static final String SOURCE_PARTITION = "gradstream.dead-letter.partition";
    public static final String SOURCE_OFFSET = "gradstream.dead-letter.offset";
    /** Size in bytes of the original value (-1 for a null value). */
    public static final String SOURCE_SIZE = "gradstream.dead-letter.size";
    /** Hex SHA-256 of the original value (empty for a null value). */
    public static final String SOURCE_SHA256 = "gradstream.dead-letter.sha256";
    /** Bytes of the original value carried as this record's value (a prefix). */
    public static final String PREFIX_BYTES = "gradstream.dead-letter.prefix-bytes";
    /** The service that refused the record, e.g. "evaluator" or "liveview": one dead letter per service. */
    public static final String SERVICE = "gradstream.dead-letter.service";
    /** The consumer group the record was read in. */
    public static final String GROUP = "gradstream.dead-letter.group";
    /** The client id of the consumer that refused it. */
    public static final String CONSUMER = "gradstream.dead-letter.consumer";

    /** Largest prefix of the original value a dead letter carries. */
    public static final int MAX_VALUE_PREFIX_BYTES = 64 * 1024;
    /** Longest key (the original's, cut) and reason a dead letter carries, in characters. */
    static final int MAX_KEY_CHARS = 256;
    static final int MAX_REASON_CHARS = 1_024;
    /** Longest one send may take before it counts as failed (the producer gives up by then too). */
    public static final long SEND_TIMEOUT_MS = 15_000;

    private final KafkaProducer<String, byte[]> producer;
    private final String service;
    private final String group;
    private final String consumer;

    /**
     * @param service  the consuming service, named in every dead letter
     * @param group    the consumer group the records were read in
     * @param consumer the consumer's client id
     */
    public DeadLetters(KafkaClients clients, String service, String group, String consumer) {
        // No batching, and a delivery time-out inside SEND_TIMEOUT_MS: a failed send is known in time.
        this.producer = clients.producer(consumer + "-dead-letters", Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000));
        this.service = service;
        this.group = group;
        this.consumer = consumer;
    }

    /**
     * Sends the dead letter of {@code record} and waits for the broker's acknowledgement, at most
     * {@link #SEND_TIMEOUT_MS}.
     *
     * @throws BusException when it was not acknowledged in time (it may still arrive: at-least-once)
     */
    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        try {
            producer.send(letter(record, reason, service, group, consumer)).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while dead-lettering " + where(record));
        } catch (ExecutionException e) {
            throw new BusException("could not dead-letter " + where(record) + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new BusException("could not dead-letter " + where(record) + " within " + SEND_TIMEOUT_MS + " ms", e);
        } catch (KafkaException e) {
            throw new BusException("could not dead-letter " + where(record) + ": " + e.getMessage(), e);
        }
    }

    /** The dead letter of {@code record}: its reference in headers, a bounded prefix of its value. */
    static ProducerRecord<String, byte[]> letter(ConsumerRecord<String, byte[]> record, String reason, String service,
                                                 String group, String consumer) {
        byte[] value = record.value();
        byte[] prefix = value == null ? new byte[0] : Arrays.copyOf(value, Math.min(value.length, MAX_VALUE_PREFIX_BYTES));
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(cut(reason, MAX_REASON_CHARS)));
        headers.add(SOURCE_TOPIC, bytes(record.topic()));
        headers.add(SOURCE_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(SOURCE_OFFSET, bytes(Long.toString(record.offset())));
        headers.add(SOURCE_SIZE, bytes(Integer.toString(value == null ? -1 : value.length)));
        headers.add(SOURCE_SHA256, bytes(value == null ? "" : sha256(value)));
        headers.add(PREFIX_BYTES, bytes(Integer.toString(prefix.length)));
        headers.add(SERVICE, bytes(cut(service, MAX_KEY_CHARS)));
        headers.add(GROUP, bytes(cut(group, MAX_KEY_CHARS)));
        headers.add(CONSUMER, bytes(cut(consumer, MAX_KEY_CHARS)));
        String key = record.key() == null ? null : cut(record.key(), MAX_KEY_CHARS);
        return new ProducerRecord<>(Topics.DEAD_LETTERS, null, key, prefix, headers);
    }

    /** {@code topic-partition@offset}: how logs and messages name a record. */
    public static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String cut(String s, int maxChars) {
        return s.length() <= maxChars ? s : s.substring(0, maxChars);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(KafkaClients.CLOSE_TIMEOUT);
    }
}
