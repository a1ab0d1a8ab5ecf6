package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The load schedule")
class LoadScheduleTest {

    private final List<Event> sent = new ArrayList<>();

    private List<SyntheticRun> runs(int n, SyntheticRun.Shape shape) {
        List<SyntheticRun> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new SyntheticRun("run-" + i, shape, SyntheticRun.chunks(shape), b -> {
                Event e = b.build();
                sent.add(e);
                return e;
            }));
        }
        return out;
    }

    @Test
    @DisplayName("sends every event of every run at the rate asked, round-robin across runs")
    void pacesAtTheRate() {
        SyntheticRun.Shape shape = new SyntheticRun.Shape(2, 10, 100, 2, 8); // 1 + 2 x 10 + 1 + 1 = 23 events
        LoadSchedule.Result r = LoadSchedule.run(runs(4, shape), shape.eventsPerRun(), 200, 10_000_000_000L);

        assertThat(r.sent()).isEqualTo(92);
        assertThat(r.runsCompleted()).isEqualTo(4);
        assertThat(r.runsCut()).isZero();
        assertThat(r.behindAtEnd()).isZero();
        // 92 events at 200/s: the last is due at 0.455 s.
        assertThat(r.seconds()).isBetween(0.44, 3.0);
        assertThat(sent.subList(0, 4)).allSatisfy(e -> assertThat(e.hasRunStarted()).isTrue());
    }

    @Test
    @DisplayName("stops at the deadline, ends the runs still going as failed and reports what it could not send")
    void stopsAtTheDeadline() {
        SyntheticRun.Shape shape = new SyntheticRun.Shape(2, 10, 100, 100, 100);
        LoadSchedule.Result r = LoadSchedule.run(runs(3, shape), shape.eventsPerRun(), 100, 300_000_000L);

        // 0.3 s at 100 events/s: about 30 events, then one failed run_finished per run.
        assertThat(r.sent()).isBetween(20L, 32L);
        assertThat(r.runsCut()).isEqualTo(3);
        assertThat(sent.subList(sent.size() - 3, sent.size())).allSatisfy(e ->
                assertThat(e.getRunFinished().getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED));
    }

    @Test
    @DisplayName("measures how far it fell behind when sending is slower than the rate")
    void reportsFallingBehind() {
        SyntheticRun.Shape shape = new SyntheticRun.Shape(2, 10, 100, 100, 100);
        List<SyntheticRun> slow = new ArrayList<>();
        slow.add(new SyntheticRun("slow", shape, SyntheticRun.chunks(shape), b -> {
            try {
                Thread.sleep(10); // at most 100 events/s against 1,000 asked
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return b.build();
        }));
        LoadSchedule.Result r = LoadSchedule.run(slow, shape.eventsPerRun(), 1000, 500_000_000L);

        assertThat(r.sent()).isLessThan(60);
        assertThat(r.due()).isBetween(450L, 500L);
        assertThat(r.behindAtEnd()).isGreaterThan(390);
        assertThat(r.maxBehind()).isGreaterThan(350);
    }
}
