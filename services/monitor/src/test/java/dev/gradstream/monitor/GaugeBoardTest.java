package dev.gradstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.LayerGradientStats;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The monitor's gauges: run state, finished-run expiry and the run cap")
class GaugeBoardTest {

    private static final Pattern RUN_LABEL = Pattern.compile("run=\"([^\"]*)\"");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

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
        assertThat(sample("gradstream_run_diverged", "done")).isNotNull();
        assertThat(board.expireFinished(now + Duration.ofSeconds(31).toNanos())).isEqualTo(1);
        assertThat(sample("gradstream_run_diverged", "done")).isNull();
        assertThat(sample("gradstream_run_finished", "running")).isNotNull();
        assertThat(board.expireFinished(now + Duration.ofHours(1).toNanos())).isZero();
        assertThat(evicted("ttl")).isEqualTo(1);
    }

    @Test
    @DisplayName("past the run cap the least recently seen run's series are removed")
    void runCap() {
        EventMetrics metrics = new EventMetrics(new GaugeBoard(registry, 2, Duration.ofMinutes(10)));
        metrics.accept(started("r1"), "t");
        metrics.accept(started("r2"), "t");
        metrics.accept(started("r1"), "t");
        metrics.accept(started("r3"), "t");
        assertThat(sample("gradstream_run_finished", "r2")).isNull();
        assertThat(sample("gradstream_run_finished", "r1")).isNotNull();
        assertThat(sample("gradstream_run_finished", "r3")).isNotNull();
        assertThat(evicted("cap")).isEqualTo(1);
    }

    @Test
    @DisplayName("1,000 runs taking turns past a cap of 200: 200 runs stay, each turn of an absent run evicts one")
    void moreRunsThanTheCap() {
        GaugeBoard board = new GaugeBoard(registry, 200, Duration.ofMinutes(10));
        EventMetrics metrics = new EventMetrics(board);
        for (int pass = 1; pass <= 3; pass++) {
            for (int r = 0; r < 1_000; r++) {
                metrics.accept(batch("run-" + r, pass), "t");
                assertThat(board.runCount()).isLessThanOrEqualTo(200);
            }
        }
        // Round robin over 5 times the cap: every event but the first 200 finds its run gone and evicts the oldest.
        assertThat(evicted("cap")).isEqualTo(3 * 1_000 - 200);
        Set<String> runs = runsOnMetrics();
        assertThat(runs).hasSize(200).contains("run-800", "run-999").doesNotContain("run-799", "run-0");
        // The series of a run that came back start again: one batch of 2 layers each (gauges and counters).
        assertThat(sample("gradstream_batches_total", "run-999")).isEqualTo(1.0);
        assertThat(sample("gradstream_step", "run-999")).isEqualTo(3.0);
        assertThat(registry.scrape().lines().filter(l -> l.startsWith("gradstream_gradient_l2_norm{"))).hasSize(400);
    }

    @Test
    @DisplayName("a run keeps at most 2,000 series: a 50-class confusion matrix is cut there and the rest counted")
    void seriesPerRunCap() {
        EventMetrics metrics = new EventMetrics(new GaugeBoard(registry, 10, Duration.ofMinutes(10)));
        metrics.accept(started("wide"), "t"); // 3 series
        int k = 50;
        EvaluationResult.Builder eval = EvaluationResult.newBuilder().setSplit(Split.SPLIT_TEST).setNumClasses(k);
        for (int i = 0; i < k * k; i++) {
            eval.addConfusion(i);
        }
        metrics.accept(Event.newBuilder().setHeader(header("wide")).setEvaluationResult(eval).build(), "t");
        long series = registry.scrape().lines().filter(l -> l.startsWith("gradstream_") && l.contains("run=\"wide\""))
                .count();
        assertThat(series).isEqualTo(GaugeBoard.MAX_SERIES_PER_RUN);
        // 8 evaluation gauges and 2,500 confusion cells asked for, room for 2,000 - 3 of them.
        assertThat(registry.get("gradstream.monitor.series.refused").counter().count()).isEqualTo(8 + 2_500 - 1_997);
    }

    @Test
    @DisplayName("a closed board's runs leave /metrics, and a new board can then serve the same registry")
    void closedBoardHandsOver() {
        GaugeBoard first = new GaugeBoard(registry, 10, Duration.ofMinutes(10));
        new EventMetrics(first).accept(started("old"), "t");
        first.close();
        new EventMetrics(new GaugeBoard(registry, 10, Duration.ofMinutes(10))).accept(started("new"), "t");
        assertThat(sample("gradstream_run_finished", "old")).isNull();
        assertThat(sample("gradstream_run_finished", "new")).isEqualTo(0.0);
    }

    private Set<String> runsOnMetrics() {
        Set<String> runs = new TreeSet<>();
        registry.scrape().lines().filter(l -> l.startsWith("gradstream_")).forEach(l -> {
            Matcher m = RUN_LABEL.matcher(l);
            if (m.find()) {
                runs.add(m.group(1));
            }
        });
        return runs;
    }

    private double evicted(String reason) {
        Counter c = registry.find("gradstream.monitor.runs.evicted").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private double state(String run) {
        return sample("gradstream_run_finished", run) + sample("gradstream_run_diverged", run)
                + 2 * sample("gradstream_run_failed", run);
    }

    /** The value of series {@code name} of {@code run} on /metrics, or null when it has none. */
    private Double sample(String name, String run) {
        return registry.scrape().lines().filter(l -> l.startsWith(name + "{") && l.contains("run=\"" + run + "\""))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(null);
    }

    private static EventHeader header(String run) {
        return EventHeader.newBuilder().setSchemaVersion(1).setRunId(run).setBackend(Backend.BACKEND_SCRATCH)
                .setTask(Task.TASK_CLASSIFY).build();
    }

    private static Event started(String run) {
        return Event.newBuilder().setHeader(header(run)).setRunStarted(RunStarted.getDefaultInstance()).build();
    }

    private static Event batch(String run, long step) {
        BatchStats.Builder b = BatchStats.newBuilder().setStep(step).setLoss(1).setBatchSize(8);
        for (int layer = 0; layer < 2; layer++) {
            b.addLayers(LayerGradientStats.newBuilder().setLayer(layer).setGradL2Norm(layer));
        }
        return Event.newBuilder().setHeader(header(run)).setBatchStats(b).build();
    }

    private static Event finished(String run, RunStatus status) {
        return Event.newBuilder().setHeader(header(run)).setRunFinished(RunFinished.newBuilder().setStatus(status)).build();
    }
}
