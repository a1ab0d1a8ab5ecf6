package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Kafka client factory")
class KafkaClientsTest {

    @Test
    @DisplayName("names a malformed sasl.jaas.config as a bad setting")
    void malformedJaas() {
        KafkaClients clients = new KafkaClients("127.0.0.1:9", Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\""));
        assertThatThrownBy(clients::admin).isInstanceOf(KafkaSettingException.class).hasMessageContaining("sasl.jaas.config");
        assertThatThrownBy(() -> clients.producer("p")).isInstanceOf(KafkaSettingException.class)
                .hasMessageContaining("sasl.jaas.config");
    }

    @Test
    @DisplayName("names an unknown security.protocol and an unresolvable bootstrap server")
    void badValues() {
        assertThatThrownBy(() -> new KafkaClients("127.0.0.1:9", Map.of("security.protocol", "SASL_NOPE")).consumer("g", "c"))
                .isInstanceOf(KafkaSettingException.class).hasMessageContaining("security.protocol");
        assertThatThrownBy(() -> new KafkaClients("no-such-host.invalid:9092", Map.of()).admin())
                .isInstanceOf(KafkaSettingException.class).hasMessageContaining("bootstrap.servers");
    }
}
