package dev.gradstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Task;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The monitor's gauges: run state, finished-run expiry and the run cap")
class GaugeBoardTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    @DisplayName("a running run reads 0 on finished, diverged and failed; a diverged one 1, 1, 0")
    void runState() {
        EventMetrics metrics = new EventMetrics(new GaugeBoard(registry, 10, Duration.ofMinutes(10)));
        metrics.accept(started("a"), "t");
        assertThat(state("a")).isEqualTo(0);
        metrics.accept(finished("a", RunStatus.RUN_STATUS_DIVERGED), "t");
        assertThat(state("a")).isEqualTo(2);
        metrics.accept(started("b"), "t");
        metrics.accept(finished("b", RunStatus.RUN_STATUS_FAILED), "t");
        assertThat(state("b")).isEqualTo(3);
        metrics.accept(started("c"), "t");
        metrics.accept(finished("c", RunStatus.RUN_STATUS_COMPLETED), "t");
        assertThat(state("c")).isEqualTo(1);
    }

    @Test
    @DisplayName("a finished run's series go once the TTL has passed since its last event; a running run's stay")
    void finishedRunsExpire() {
        GaugeBoard board = new GaugeBoard(registry, 10, Duration.ofSeconds(30));
        EventMetrics metrics = new EventMetrics(board);
        metrics.accept(started("done"), "t");
        metrics.accept(started("running"), "t");
        metrics.accept(finished("done", RunStatus.RUN_STATUS_DIVERGED), "t");
        long now = System.nanoTime();
        assertThat(board.expireFinished(now + Duration.ofSeconds(29).toNanos())).isZero();
        assertThat(registry.find("gradstream.run.diverged").tag("run", "done").gauge()).isNotNull();
        assertThat(board.expireFinished(now + Duration.ofSeconds(31).toNanos())).isEqualTo(1);
        assertThat(registry.find("gradstream.run.diverged").tag("run", "done").gauge()).isNull();
        assertThat(registry.find("gradstream.run.finished").tag("run", "running").gauge()).isNotNull();
        assertThat(board.expireFinished(now + Duration.ofHours(1).toNanos())).isZero();
    }

    @Test
    @DisplayName("past the run cap the least recently seen run's series are removed")
    void runCap() {
        EventMetrics metrics = new EventMetrics(new GaugeBoard(registry, 2, Duration.ofMinutes(10)));
        metrics.accept(started("r1"), "t");
        metrics.accept(started("r2"), "t");
        metrics.accept(started("r1"), "t");
        metrics.accept(started("r3"), "t");
        assertThat(registry.find("gradstream.run.finished").tag("run", "r2").gauge()).isNull();
        assertThat(registry.find("gradstream.run.finished").tag("run", "r1").gauge()).isNotNull();
        assertThat(registry.find("gradstream.run.finished").tag("run", "r3").gauge()).isNotNull();
    }

    private double state(String run) {
        return gauge("gradstream.run.finished", run) + gauge("gradstream.run.diverged", run)
                + 2 * gauge("gradstream.run.failed", run);
    }

    private double gauge(String name, String run) {
        return registry.get(name).tag("run", run).gauge().value();
    }

    private static EventHeader header(String run) {
        return EventHeader.newBuilder().setSchemaVersion(1).setRunId(run).setBackend(Backend.BACKEND_SCRATCH)
                .setTask(Task.TASK_CLASSIFY).build();
    }

    private static Event started(String run) {
        return Event.newBuilder().setHeader(header(run)).setRunStarted(RunStarted.getDefaultInstance()).build();
    }

    private static Event finished(String run, RunStatus status) {
        return Event.newBuilder().setHeader(header(run)).setRunFinished(RunFinished.newBuilder().setStatus(status)).build();
    }
}
