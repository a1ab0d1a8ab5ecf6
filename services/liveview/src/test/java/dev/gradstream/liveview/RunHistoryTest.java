package dev.gradstream.liveview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The history a new page receives")
class RunHistoryTest {

    @Test
    @DisplayName("keeps a long run's batches thinned evenly from first to last, and counts what it dropped")
    void thinsBatches() {
        RunHistory history = new RunHistory(2);
        history.add("r", RunHistory.Kind.START, "start");
        int batches = 10_000;
        for (int i = 0; i < batches; i++) {
            history.add("r", RunHistory.Kind.BATCH, "b" + i);
        }
        history.add("r", RunHistory.Kind.END, "end");
        List<String> kept = history.snapshot();
        List<String> batchEvents = kept.subList(1, kept.size() - 1);
        assertThat(kept.get(0)).isEqualTo("start");
        assertThat(kept.get(kept.size() - 1)).isEqualTo("end");
        // 10,000 arrivals, capacity 2,000: thinned twice (stride 4), then every 8th once the third halving came.
        assertThat(batchEvents.size()).isBetween(RunHistory.MAX_BATCHES_PER_RUN / 2, RunHistory.MAX_BATCHES_PER_RUN);
        assertThat(batchEvents.get(0)).isEqualTo("b0");
        int last = Integer.parseInt(batchEvents.get(batchEvents.size() - 1).substring(1));
        assertThat(last).isGreaterThan(batches - 16);
        assertThat(history.evictedEvents()).isEqualTo(batches - batchEvents.size());
    }

    @Test
    @DisplayName("drops the run first seen longest ago when a new one arrives past the cap")
    void evictsRuns() {
        RunHistory history = new RunHistory(2);
        history.add("a", RunHistory.Kind.START, "a");
        history.add("b", RunHistory.Kind.START, "b");
        history.add("c", RunHistory.Kind.START, "c");
        assertThat(history.snapshot()).containsExactly("b", "c");
        assertThat(history.evictedRuns()).isEqualTo(1);
    }

    @Test
    @DisplayName("keeps the last few start and end events of a run that repeats them")
    void boundsMilestones() {
        RunHistory history = new RunHistory(1);
        for (int i = 0; i < 100; i++) {
            history.add("r", RunHistory.Kind.END, "end" + i);
        }
        assertThat(history.snapshot()).containsExactly("end96", "end97", "end98", "end99");
        assertThat(history.evictedEvents()).isEqualTo(96);
    }

    @Test
    @DisplayName("keeps only the latest validation result of a run, after its epochs and before its batches")
    void keepsLatestEvaluation() {
        RunHistory history = new RunHistory(1);
        history.add("r", RunHistory.Kind.BATCH, "b1");
        for (int epoch = 1; epoch <= 3; epoch++) {
            history.add("r", RunHistory.Kind.PROGRESS, "e" + epoch);
            history.add("r", RunHistory.Kind.LATEST, "v" + epoch);
        }
        assertThat(history.snapshot()).containsExactly("e1", "e2", "e3", "v3", "b1");
        assertThat(history.evictedEvents()).isEqualTo(2);
    }
}
