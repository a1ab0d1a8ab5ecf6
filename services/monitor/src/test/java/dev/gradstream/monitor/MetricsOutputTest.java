package dev.gradstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.GradientComparison;
import dev.gradstream.events.v1.LayerGradientStats;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.SweepResult;
import dev.gradstream.events.v1.Task;
import dev.gradstream.events.v1.TensorComparison;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The monitor's /metrics text for one event of every kind, against {@code metrics-output.golden.txt}: the
 * scrape the Micrometer-registered gauges of commit ae9f11a gave for the same events (names, HELP and TYPE
 * lines, labels, values). Dashboards, alert rules and promtool tests depend on exactly these series.
 */
@DisplayName("The monitor's /metrics output")
class MetricsOutputTest {

    @Test
    @DisplayName("one event of every kind gives the same series, labels and values as the reference scrape")
    void sameSeriesAsTheReference() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EventMetrics metrics = new EventMetrics(new GaugeBoard(registry, 10, Duration.ofMinutes(10)));
        String a = "20261130-j3-classify-scratch-0a1b";
        String b = "run-b";
        metrics.accept(event(a, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY)
                .setRunStarted(RunStarted.getDefaultInstance()).build(), "gradstream.runs.v1");
        metrics.accept(event(b, Backend.BACKEND_ND4J, Task.TASK_EMBED)
                .setRunStarted(RunStarted.getDefaultInstance()).build(), "gradstream.runs.v1");
        for (int step = 1; step <= 3; step++) {
            BatchStats.Builder batch = BatchStats.newBuilder().setEpoch(1).setBatch(step).setStep(step)
                    .setLoss(2.5 / step).setBatchSize(64);
            for (int layer = 0; layer < 3; layer++) {
                batch.addLayers(LayerGradientStats.newBuilder().setLayer(layer).setGradL2Norm(step + layer * 0.25)
                        .setGradMeanAbs(0.125 * layer).setGradMaxAbs(4.0 + layer).setUpdateRatio(0.001 * step));
            }
            metrics.accept(event(a, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY).setBatchStats(batch).build(),
                    "gradstream.batches.v1");
        }
        metrics.accept(event(b, Backend.BACKEND_ND4J, Task.TASK_EMBED).setBatchStats(BatchStats.newBuilder()
                .setStep(7).setLoss(0.75).setBatchSize(32).addLayers(LayerGradientStats.newBuilder().setLayer(1)
                        .setGradL2Norm(1.5).setGradMeanAbs(0.5).setGradMaxAbs(2).setUpdateRatio(0.01))).build(),
                "gradstream.batches.v1");
        for (int epoch = 1; epoch <= 2; epoch++) {
            metrics.accept(event(a, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY).setEpochMetrics(EpochMetrics
                    .newBuilder().setEpoch(epoch).setMaxEpochs(30).setTrainLoss(1.0 / epoch).setTrainAccuracy(0.5)
                    .setValidationLoss(1.25 / epoch).setValidationAccuracy(0.625).setSamplesPerSecond(90_000)
                    .setDurationSeconds(0.5).setBestSoFar(epoch == 1)).build(), "gradstream.epochs.v1");
        }
        EvaluationResult.Builder eval = EvaluationResult.newBuilder().setSplit(Split.SPLIT_VALIDATION).setEpoch(2)
                .setSampleCount(10).setNumClasses(2).setAccuracy(0.75).setPrecisionMacro(0.5).setRecallMacro(0.25)
                .setF1Macro(0.375).setRocAucMacro(0.875).setPrAucMacro(0.8125).setLatencyMs(250)
                .addAllConfusion(Arrays.asList(4L, 1L, 2L, 3L));
        metrics.accept(event(a, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY).setEvaluationResult(eval).build(),
                "gradstream.evaluations.v1");
        metrics.accept(event(a, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY).setGradientComparison(
                GradientComparison.newBuilder().setPrecision("float64").addTensors(TensorComparison.newBuilder()
                        .setLayer(0).setTensor("weights").setMaxAbsDiff(1e-9).setMaxRelDiff(2e-7).setCosine(1)
                        .setScaledDiff(3e-8))).build(), "gradstream.comparisons.v1");
        metrics.accept(event(a, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY).setSweepResult(SweepResult.newBuilder()
                .setSweepId("20261130").setJobIndex(3).setJobCount(4).setStatus(RunStatus.RUN_STATUS_COMPLETED)
                .setConfig(RunConfig.newBuilder().addHiddenSizes(128).addHiddenSizes(64).setLearningRate(0.01)
                        .setMomentum(0.9).setBatchSize(64)).setBestEpoch(2).setBestValidationLoss(0.625)
                .setBestValidationAccuracy(0.625).setTestLoss(0.5).setTestAccuracy(0.75).setTestF1Macro(0.5)
                .setTestRocAucMacro(0.875).setTestPrAucMacro(0.75).setDurationSeconds(12)).build(),
                "gradstream.sweep-results.v1");
        metrics.accept(event(a, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY).setRunFinished(RunFinished.newBuilder()
                .setStatus(RunStatus.RUN_STATUS_COMPLETED)).build(), "gradstream.runs.v1");
        metrics.accept(event(b, Backend.BACKEND_ND4J, Task.TASK_EMBED).setRunFinished(RunFinished.newBuilder()
                .setStatus(RunStatus.RUN_STATUS_DIVERGED)).build(), "gradstream.runs.v1");

        String actual = gradstreamLines(registry.scrape());
        Files.writeString(Path.of("target", "metrics-output.actual.txt"), actual);
        assertThat(actual).isEqualTo(golden());
    }

    /** The scrape's gradstream_* lines (HELP, TYPE and samples) in order; JVM and process meters left out. */
    static String gradstreamLines(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("gradstream_") || l.matches("# (HELP|TYPE) gradstream_.*"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String golden() throws IOException {
        try (InputStream in = MetricsOutputTest.class.getResourceAsStream("metrics-output.golden.txt")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Event.Builder event(String run, Backend backend, Task task) {
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(run)
                .setBackend(backend).setTask(task));
    }
}
