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

    @Test
    @DisplayName("fed 100 long runs, keeps the last 40, each within its caps, and counts every run and event it dropped")
    void boundsManyRuns() {
        int cap = 40;
        int runs = 100;
        RunHistory history = new RunHistory(cap);
        for (int r = 0; r < runs; r++) {
            String run = "run-" + r;
            history.add(run, RunHistory.Kind.START, "start-" + r);
            for (int b = 0; b < 2_500; b++) {
                history.add(run, RunHistory.Kind.BATCH, "b");
            }
            for (int epoch = 1; epoch <= 20; epoch++) {
                history.add(run, RunHistory.Kind.PROGRESS, "e");
                history.add(run, RunHistory.Kind.LATEST, "v");
            }
            history.add(run, RunHistory.Kind.END, "end-" + r);
        }
        // 2,500 batches, capacity 2,000: halved at the 2,001st to 1,001, then every 2nd of the last 499 kept.
        int keptBatches = 1_001 + 249;
        int keptPerRun = 1 + 20 + 1 + keptBatches + 1;
        List<String> kept = history.snapshot();
        assertThat(history.runs()).isEqualTo(cap);
        assertThat(kept).hasSize(cap * keptPerRun).startsWith("start-60").endsWith("end-99");
        assertThat(history.evictedRuns(RunHistory.Eviction.RUNS)).isEqualTo(runs - cap);
        assertThat(history.evictedRuns(RunHistory.Eviction.CHARS)).isZero();
        assertThat(history.evictedEvents()).isEqualTo(runs * ((2_500L - keptBatches) + 19));
        assertThat(history.chars()).isEqualTo(chars(kept));
    }

    @Test
    @DisplayName("drops the oldest runs whole to stay within its characters cap, and keeps no event longer than the limit")
    void boundsCharacters() {
        String big = "x".repeat(RunHistory.MAX_EVENT_CHARS); // one instance, kept by reference
        RunHistory history = new RunHistory(1_000);
        int runs = 30;
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < 4; i++) {
                history.add("run-" + r, RunHistory.Kind.START, big);
            }
        }
        // 4 Mi characters a run, 64 Mi in all: 16 runs fit exactly.
        long perRun = 4L * RunHistory.MAX_EVENT_CHARS;
        assertThat(history.runs()).isEqualTo((int) (RunHistory.MAX_HISTORY_CHARS / perRun));
        assertThat(history.chars()).isEqualTo(RunHistory.MAX_HISTORY_CHARS).isEqualTo(chars(history.snapshot()));
        assertThat(history.evictedRuns(RunHistory.Eviction.CHARS)).isEqualTo(runs - history.runs());

        history.add("run-29", RunHistory.Kind.END, big + "x");
        assertThat(history.evictedEvents()).as("too long to keep").isEqualTo(1);
        assertThat(history.chars()).isEqualTo(RunHistory.MAX_HISTORY_CHARS);
    }

    @Test
    @DisplayName("never drops the run an event is for to make room for it, even when that run was first seen longest ago")
    void keepsTheRunBeingAddedTo() {
        String big = "x".repeat(RunHistory.MAX_EVENT_CHARS);
        RunHistory history = new RunHistory(1_000);
        int fit = (int) (RunHistory.MAX_HISTORY_CHARS / RunHistory.MAX_EVENT_CHARS);
        for (int r = 0; r < fit; r++) {
            history.add("run-" + r, RunHistory.Kind.START, r == 1 ? "start-1" + big.substring(7) : big);
        }
        history.add("run-0", RunHistory.Kind.END, "end-0");
        assertThat(history.runs()).as("run-1 dropped, run-0 kept").isEqualTo(fit - 1);
        assertThat(history.snapshot()).startsWith(big, "end-0").hasSize(1 + (fit - 1))
                .noneMatch(e -> e.startsWith("start-1"));
        assertThat(history.evictedRuns(RunHistory.Eviction.CHARS)).isEqualTo(1);
        assertThat(history.chars()).isEqualTo(chars(history.snapshot())).isLessThanOrEqualTo(RunHistory.MAX_HISTORY_CHARS);
    }

    private static long chars(List<String> events) {
        return events.stream().mapToLong(String::length).sum();
    }
}
