package dev.gradstream.bus;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one factory for Kafka clients. Keys are run ids (strings); values are serialized
 * {@code Event} protobufs. Extra settings (security.protocol, sasl.*, ssl.*) pass through unchanged; a
 * client that refuses one throws {@link KafkaSettingException} naming it.
 */
public final class KafkaClients {

    /**
     * Longest a client's close may wait for in-flight requests: shutdown must never hang on an unreachable
     * broker (Kafka's own default is 30 s for consumers and unbounded for producers).
     */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Consumer session time-out: how long a group waits for a member that stopped heart-beating (a killed
     * process) before giving its partitions to others. Kafka's default, 45 s, made {@code resume} wait that
     * long for its test evaluation after a kill; 10 s is above any pause of the heartbeat thread we have seen
     * (it does not wait for the poll loop) and well above the broker's minimum of 6 s.
     */
    static final int SESSION_TIMEOUT_MS = 10_000;

    private final String bootstrapServers;
    private final Map<String, String> extra;

    /**
     * @param bootstrapServers host:port list of the cluster
     * @param extra            settings applied to every client after ours (e.g. SASL/SSL), may be empty
     */
    public KafkaClients(String bootstrapServers, Map<String, String> extra) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be empty");
        }
        this.bootstrapServers = bootstrapServers;
        this.extra = Map.copyOf(extra);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Thread-safe producer: idempotent, so retries never duplicate or reorder a run's events. */
    public KafkaProducer<String, byte[]> producer(String clientId) {
        return producer(clientId, Map.of());
    }

    /**
     * A producer as {@link #producer(String)} with some of our settings replaced (e.g. shorter time-outs
     * for dead letters); the extra settings given at construction still apply last.
     */
    public KafkaProducer<String, byte[]> producer(String clientId, Map<String, Object> overrides) {
        Properties p = common(clientId);
        // acks=all + idempotence: an event is written once, in order, and survives a leader change.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Up to 50 ms of batching, chosen by measurement on 2 idle cores: at 1,000 events/s every consumer
        // handled an event within p50 28 / p99 54 ms (100 ms: 54 / 105 ms; 10 ms: 7 / 13 ms), and the broker's
        // and producer's threads used 4% of one core while a run published ~2,300 events/s (100 ms: 3%;
        // 10 ms: 10%, taken from training on the same cores). README "Capacity" has the commands.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Keep retrying through a short broker outage instead of dropping events.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        // A full buffer blocks send() (bounded memory) for at most this long before failing loudly.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        // Keep the topics' metadata while no broker answers, so that sends go on into the buffer during an
        // outage: Kafka 4's default (rebootstrap) forgets it, and every send then waits up to max.block.ms for
        // metadata, which paused training at its first event after the broker went away.
        p.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(overrides);
        p.putAll(extra);
        return create(() -> new KafkaProducer<>(p));
    }

    /** Not thread-safe: one consumer per polling thread. Offsets are committed by the caller after processing. */
    public KafkaConsumer<String, byte[]> consumer(String groupId, String clientId) {
        Properties p = common(clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Commit only after an event has been processed: at-least-once, never at-most-once.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group reads runs from their start, so nothing published before it joined is missed.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A killed member's partitions go to the others after 10 s, not 45 s (see SESSION_TIMEOUT_MS).
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 3);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(extra);
        return create(() -> new KafkaConsumer<>(p));
    }

    /**
     * Not thread-safe: a member of share group {@code groupId} (KIP-932) that acknowledges every record
     * itself ({@code share.acknowledgement.mode=explicit}) and takes one record per poll. Needs a cluster
     * with the {@code share.version} feature enabled. The share-group settings (start offset, acquisition
     * lock duration, delivery limit) are the group's, set through the admin client, not the consumer's.
     */
    public KafkaShareConsumer<String, byte[]> shareConsumer(String groupId, String clientId) {
        Properties p = common(clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Each record is accepted, released or rejected by the caller, after processing.
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        // One record per poll, acquired only when asked for: a member never locks work it is not doing.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(extra);
        return create(() -> new KafkaShareConsumer<>(p));
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(extra);
        return create(() -> Admin.create(p));
    }

    /**
     * Builds a client, turning a refused setting into a {@link KafkaSettingException} that names it: Kafka
     * reports those as "Failed to construct kafka producer" with the real cause a few levels down.
     */
    private <T> T create(Supplier<T> client) {
        try {
            return client.get();
        } catch (KafkaException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConfigException c) {
                    throw new KafkaSettingException("bad Kafka setting: " + c.getMessage(), e);
                }
                if (cause instanceof IllegalArgumentException && extra.containsKey(SaslConfigs.SASL_JAAS_CONFIG)
                        && String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("jaas")) {
                    throw new KafkaSettingException("bad Kafka setting " + SaslConfigs.SASL_JAAS_CONFIG + ": "
                            + cause.getMessage(), e);
                }
            }
            throw e;
        }
    }

    private Properties common(String clientId) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}
