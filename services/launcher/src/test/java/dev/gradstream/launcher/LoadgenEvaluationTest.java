package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.Split;
import dev.gradstream.monitor.MonitorSettings;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("gradstream loadgen")
class LoadgenEvaluationTest {

    @Test
    @DisplayName("publishes runs that the evaluator evaluates like a trainer's")
    void evaluatorEvaluatesLoadgenRuns() throws Exception {
        BusOptions options = new BusOptions();
        options.metricsHost = "127.0.0.1";
        options.metricsPort = 0;
        options.kafkaDir = Files.createTempDirectory("gradstream-loadgen-test-");
        try (Stack stack = Stack.start(options, MonitorSettings.defaults(), EnumSet.of(Stack.Service.EVALUATOR),
                System.out)) {
            int exit = Gradstream.run("loadgen", "--bootstrap-servers", stack.bootstrapServers(), "--runs", "3",
                    "--rate", "500", "--duration", "30", "--epochs", "2", "--batches", "5", "--classes", "10",
                    "--samples", "200");
            assertThat(exit).isEqualTo(ExitCodes.OK);

            List<String> runIds = StoredEvents.read(stack.clients(), List.of(Topics.RUNS), k -> true).stream()
                    .filter(Event::hasRunStarted).map(e -> e.getHeader().getRunId()).toList();
            assertThat(runIds).hasSize(3);
            for (String runId : runIds) {
                EvaluationResult test = stack.awaitTest(runId);
                assertThat(test.getSplit()).isEqualTo(Split.SPLIT_TEST);
                assertThat(test.getEpoch()).isEqualTo(2);
                assertThat(test.getSampleCount()).isEqualTo(200);
                assertThat(test.getNumClasses()).isEqualTo(10);
                // One sample in four is scored highest on the next class: accuracy 3/4 exactly.
                assertThat(test.getAccuracy()).isEqualTo(0.75);
            }
        }
    }

    @Test
    @DisplayName("reports a rate the broker cannot take as lag and stops at --duration")
    void unreachableRateIsReportedAndBounded() {
        long start = System.nanoTime();
        int exit = Gradstream.run("loadgen", "--runs", "50", "--rate", "10000000", "--duration", "2",
                "--epochs", "1000", "--batches", "1000", "--metrics-port", "0");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(seconds).as("seconds, broker start and flush included").isLessThan(40);
    }
}
