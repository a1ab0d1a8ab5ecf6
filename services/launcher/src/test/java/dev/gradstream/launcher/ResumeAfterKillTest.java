package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@DisplayName("A trainer process killed mid-run")
class ResumeAfterKillTest {

    private static final int EPOCHS = 6;

    @Test
    @DisplayName("resumes from its last checkpoint, and every event is in Kafka exactly once")
    void resumeContinuesWithoutDuplicates(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), true, 0)) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            Path runs = tmp.resolve("runs");

            // A real trainer process, killed with SIGKILL once it is well into its run.
            Process trainer = new ProcessBuilder(javaCommand("train", "--task", "classify", "--backend", "scratch",
                    "--precision", "float64", "--hidden", "128,128", "--epochs", Integer.toString(EPOCHS),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--runs-dir", runs.toString(),
                    "--metrics-port", "0", "--quiet"))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("trainer.log").toFile()).start();
            Path runDir = awaitEpochs(runs, 3, trainer);
            trainer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            int done = Files.readAllLines(runDir.resolve("epochs.csv")).size() - 1;
            assertThat(done).as("killed mid-run").isLessThan(EPOCHS);

            long resumeStart = System.nanoTime();
            assertThat(Gradstream.run("resume", runDir.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                    "--metrics-port", "0", "--quiet")).isEqualTo(ExitCodes.OK);
            double resumeSeconds = (System.nanoTime() - resumeStart) / 1e9;
            EvaluationResult test = StoredEvents.read(clients, List.of(Topics.EVALUATIONS), key -> true).stream()
                    .filter(e -> e.getEvaluationResult().getSplit() == Split.SPLIT_TEST)
                    .map(Event::getEvaluationResult).findFirst().orElseThrow();
            // latency_ms: from the last test predictions chunk (training's end) to the evaluator's result.
            System.out.printf(Locale.ROOT, "resume: %.1f s in all, test evaluation %.1f s after training ended%n",
                    resumeSeconds, test.getLatencyMs() / 1e3);
            assertThat(test.getLatencyMs()).as("test evaluation within a few seconds of training's end")
                    .isLessThan(15_000);

            List<Event> events = StoredEvents.read(clients,
                    List.of(Topics.RUNS, Topics.BATCHES, Topics.EPOCHS, Topics.PREDICTIONS), key -> true);
            Set<Long> sequences = new HashSet<>();
            Set<String> batches = new HashSet<>();
            List<Integer> epochs = new ArrayList<>();
            int started = 0;
            RunStatus status = null;
            for (Event e : events) {
                assertThat(sequences.add(e.getHeader().getSequence())).as("sequence %d once", e.getHeader().getSequence())
                        .isTrue();
                if (e.hasBatchStats()) {
                    assertThat(batches.add(e.getBatchStats().getEpoch() + "/" + e.getBatchStats().getBatch())).isTrue();
                } else if (e.hasEpochMetrics()) {
                    epochs.add(e.getEpochMetrics().getEpoch());
                } else if (e.hasRunStarted()) {
                    started++;
                } else if (e.hasRunFinished()) {
                    status = e.getRunFinished().getStatus();
                }
            }
            assertThat(started).isEqualTo(1);
            assertThat(status).isEqualTo(RunStatus.RUN_STATUS_COMPLETED);
            assertThat(epochs).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(batches).hasSize(EPOCHS * 50); // 3,200 training images in batches of 64
            assertThat(sequences).hasSize(events.size());
            assertThat(sequences.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(events.size() - 1);
            assertThat(Files.readAllLines(runDir.resolve("epochs.csv"))).hasSize(EPOCHS + 1);
        }
    }

    /** Waits until the run directory's epochs.csv shows {@code epochs} epochs; returns the run directory. */
    private static Path awaitEpochs(Path runs, int epochs, Process trainer) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(trainer.isAlive()).as("trainer process still running").isTrue();
            if (Files.isDirectory(runs)) {
                try (Stream<Path> found = Files.find(runs, 3, (p, a) -> p.getFileName().toString().equals("epochs.csv"))) {
                    for (Path csv : found.toList()) {
                        if (Files.readAllLines(csv).size() - 1 >= epochs) {
                            return csv.getParent();
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the trainer did not reach epoch " + epochs + " in time");
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), Gradstream.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
