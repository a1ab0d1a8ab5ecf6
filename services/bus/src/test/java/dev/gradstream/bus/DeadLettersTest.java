package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A dead letter")
class DeadLettersTest {

    @Test
    @DisplayName("of a record of 4 MB with a long key fits 1 MiB and references the original")
    void alwaysFits() {
        byte[] value = new byte[4 << 20];
        Arrays.fill(value, (byte) 7);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("gradstream.predictions.v1", 2, 43,
                "k".repeat(100_000), value);
        ProducerRecord<String, byte[]> letter = DeadLetters.letter(record, "why ".repeat(10_000), "evaluator",
                "gradstream-evaluator", "evaluator-1234abcd");

        int headerBytes = 0;
        for (Header h : letter.headers()) {
            headerBytes += h.key().length() + h.value().length;
        }
        int size = letter.value().length + letter.key().getBytes(StandardCharsets.UTF_8).length + headerBytes;
        assertThat(size).isLessThan(70 * 1024); // far below max.request.size, 1 MiB
        assertThat(letter.value()).hasSize(DeadLetters.MAX_VALUE_PREFIX_BYTES);
        assertThat(header(letter, DeadLetters.SOURCE_SIZE)).isEqualTo(Integer.toString(4 << 20));
        assertThat(header(letter, DeadLetters.SOURCE_SHA256)).isEqualTo(DeadLetters.sha256(value)).hasSize(64);
        assertThat(header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo("gradstream.predictions.v1");
        assertThat(header(letter, DeadLetters.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(header(letter, DeadLetters.SOURCE_OFFSET)).isEqualTo("43");
        assertThat(header(letter, DeadLetters.SERVICE)).isEqualTo("evaluator");
        assertThat(header(letter, DeadLetters.GROUP)).isEqualTo("gradstream-evaluator");
        assertThat(header(letter, DeadLetters.REASON)).hasSize(1_024);
    }

    @Test
    @DisplayName("hashes with SHA-256 as published test vectors say")
    void sha256() {
        assertThat(DeadLetters.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
