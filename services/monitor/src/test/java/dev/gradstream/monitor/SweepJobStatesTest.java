package dev.gradstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepResult;
import dev.gradstream.events.v1.Task;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Sweep dashboard's job states: queued, running, done, failed, cancelled")
class SweepJobStatesTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EventMetrics metrics = new EventMetrics(new GaugeBoard(registry, 100, Duration.ofMinutes(10)));

    @Test
    @DisplayName("five jobs: starts, results, a duplicate, a cancel overtaken by the real result")
    void states() {
        metrics.accept(started("s1-j00-classify-scratch-0a1b"), "runs");
        metrics.accept(started("s1-j01-classify-scratch-0a1c"), "runs");
        assertThat(count("s1", "running")).isEqualTo(2);
        assertThat(registry.find("gradstream.sweep.jobs.state").tag("state", "queued").gauge())
                .as("the job count is not known before a result").isNull();

        metrics.accept(result("s1", 0, RunStatus.RUN_STATUS_COMPLETED), "results");
        assertThat(count("s1", "queued")).isEqualTo(3); // 5 - done 1 - running 1
        assertThat(count("s1", "running")).isEqualTo(1);
        assertThat(count("s1", "done")).isEqualTo(1);

        metrics.accept(result("s1", 0, RunStatus.RUN_STATUS_COMPLETED), "results"); // duplicate
        metrics.accept(started("s1-j00-classify-scratch-ffff"), "runs");             // a late second attempt
        assertThat(count("s1", "done")).isEqualTo(1);
        assertThat(count("s1", "running")).isEqualTo(1);

        metrics.accept(result("s1", 1, RunStatus.RUN_STATUS_CANCELLED), "results");
        metrics.accept(result("s1", 2, RunStatus.RUN_STATUS_CANCELLED), "results");
        metrics.accept(result("s1", 3, RunStatus.RUN_STATUS_FAILED), "results");
        assertThat(count("s1", "cancelled")).isEqualTo(2);
        // Job 1 was training when the cancel came: its real result replaces the cancel.
        metrics.accept(result("s1", 1, RunStatus.RUN_STATUS_DIVERGED), "results");
        assertThat(count("s1", "cancelled")).isEqualTo(1);
        assertThat(count("s1", "done")).isEqualTo(2);
        assertThat(count("s1", "failed")).isEqualTo(1);
        assertThat(count("s1", "running")).isEqualTo(0);
        assertThat(count("s1", "queued")).isEqualTo(1); // job 4 never started
        // A run that is not a sweep attempt counts nowhere.
        metrics.accept(started("20261130-classify-scratch"), "runs");
        assertThat(registry.find("gradstream.sweep.jobs.state").tag("sweep", "20261130").gauge()).isNull();
    }

    private double count(String sweep, String state) {
        Gauge g = registry.find("gradstream.sweep.jobs.state").tag("sweep", sweep).tag("state", state).gauge();
        assertThat(g).as("gauge %s/%s", sweep, state).isNotNull();
        return g.value();
    }

    private static Event started(String runId) {
        return Event.newBuilder().setHeader(header(runId)).setRunStarted(RunStarted.getDefaultInstance()).build();
    }

    private static Event result(String sweep, int job, RunStatus status) {
        return Event.newBuilder().setHeader(header(sweep + "-j0" + job + "-classify-scratch"))
                .setSweepResult(SweepResult.newBuilder().setSweepId(sweep).setJobId(sweep + "-" + job).setJobIndex(job)
                        .setJobCount(5).setStatus(status)).build();
    }

    private static EventHeader header(String runId) {
        return EventHeader.newBuilder().setSchemaVersion(1).setRunId(runId).setBackend(Backend.BACKEND_SCRATCH)
                .setTask(Task.TASK_CLASSIFY).build();
    }
}
