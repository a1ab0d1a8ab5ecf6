package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Event enum names")
class EventNamesTest {

    @Test
    @DisplayName("every backend and task round-trips through its name; statuses and splits read as in tables")
    void roundTrips() {
        for (Backend b : Backend.values()) {
            if (b != Backend.BACKEND_UNSPECIFIED && b != Backend.UNRECOGNIZED) {
                assertThat(EventNames.backend(EventNames.backend(b))).isEqualTo(b);
            }
        }
        assertThat(EventNames.backend(Backend.BACKEND_ND4J)).isEqualTo("nd4j");
        assertThat(EventNames.task(Task.TASK_EMBED)).isEqualTo("embed");
        assertThat(EventNames.task("classify")).isEqualTo(Task.TASK_CLASSIFY);
        assertThat(EventNames.split(Split.SPLIT_VALIDATION)).isEqualTo("validation");
        assertThat(EventNames.status(RunStatus.RUN_STATUS_DIVERGED)).isEqualTo("diverged");
    }

    @Test
    @DisplayName("an unknown or unspecified name is refused, naming it")
    void refusesUnknown() {
        assertThatThrownBy(() -> EventNames.backend("torch")).hasMessageContaining("'torch'");
        assertThatThrownBy(() -> EventNames.backend("unspecified")).hasMessageContaining("'unspecified'");
        assertThatThrownBy(() -> EventNames.task("regress")).hasMessageContaining("'regress'");
    }
}
