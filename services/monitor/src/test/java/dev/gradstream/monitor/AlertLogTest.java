package dev.gradstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The monitor's Alertmanager log receiver")
class AlertLogTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    @DisplayName("counts each alert of a webhook payload by name and status")
    void countsAlerts() {
        String body = """
                {"version":"4","status":"firing","receiver":"log","alerts":[
                 {"status":"firing","labels":{"alertname":"GradstreamRunDiverged","run":"r1"},"annotations":{"summary":"r1 diverged"}},
                 {"status":"resolved","labels":{"alertname":"GradstreamRunDiverged","run":"r2"},"annotations":{}}]}""";
        assertThat(new AlertLog(registry).accept(body)).isEqualTo(2);
        assertThat(registry.get("gradstream.alerts.received").tags("alertname", "GradstreamRunDiverged", "status", "firing")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("gradstream.alerts.received").tags("alertname", "GradstreamRunDiverged", "status", "resolved")
                .counter().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("refuses a body that is not a webhook payload, saying why")
    void refusesGarbage() {
        assertThatThrownBy(() -> new AlertLog(registry).accept("not json")).hasMessageContaining("JSON");
        assertThatThrownBy(() -> new AlertLog(registry).accept("{}")).hasMessageContaining("'alerts'");
    }
}
