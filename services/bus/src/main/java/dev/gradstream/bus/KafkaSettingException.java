package dev.gradstream.bus;

/**
 * A Kafka client setting the client refused (a malformed {@code sasl.jaas.config}, an unknown
 * {@code security.protocol}, an unresolvable {@code bootstrap.servers}), with the setting named in the
 * message. Bad input, not an unreachable cluster: an {@link IllegalArgumentException}, so that the command
 * line exits 2, where {@link BusException} exits 4.
 */
public final class KafkaSettingException extends IllegalArgumentException {

    public KafkaSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
