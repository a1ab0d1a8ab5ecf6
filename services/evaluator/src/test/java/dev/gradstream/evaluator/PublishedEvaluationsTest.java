package dev.gradstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The keys of published evaluation results")
class PublishedEvaluationsTest {

    @Test
    @DisplayName("keep the newest 100,000 keys, forgetting and counting the oldest")
    void boundsKeys() {
        PublishedEvaluations published = new PublishedEvaluations();
        int extra = 25;
        int runs = (PublishedEvaluations.MAX_KEYS + extra) / 2; // a validation and a test result per run
        for (int r = 0; r < runs; r++) {
            assertThat(published.add("run-" + r, 1, 1)).isTrue();
            assertThat(published.add("run-" + r, 3, 1)).isTrue();
        }
        assertThat(published.add("run-" + (runs - 1), 3, 1)).as("already there").isFalse();
        long forgotten = 2L * runs - PublishedEvaluations.MAX_KEYS;
        assertThat(published.forgotten()).isEqualTo(forgotten);
        assertThat(published.contains("run-0", 1, 1)).isFalse();
        assertThat(published.contains("run-" + (forgotten / 2 - 1), 3, 1)).isFalse();
        assertThat(published.contains("run-" + forgotten / 2, 1, 1)).isTrue();
        assertThat(published.contains("run-" + (runs - 1), 3, 1)).isTrue();
    }
}
