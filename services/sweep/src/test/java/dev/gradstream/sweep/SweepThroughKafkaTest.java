package dev.gradstream.sweep;

import dev.gradstream.trainer.RunConfigs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepResult;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sweeps through a real (in-process) Kafka broker: jobs on the jobs topic, workers in a share group,
 * results on the results topic; and a worker process killed with SIGKILL in the middle of a job.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A sweep distributed through the real broker")
class SweepThroughKafkaTest {

    /** The jobs' acquisition lock: a killed worker's job is redelivered after this long. */
    static final Duration LOCK = Duration.ofSeconds(3);
    static final int DELIVERY_LIMIT = 3;

    private EmbeddedKafka kafka;
    private KafkaClients clients;
    private Path runsDir;

    @BeforeAll
    void startBroker() throws IOException {
        kafka = EmbeddedKafka.start();
        clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        runsDir = Files.createTempDirectory("gradstream-sweep-");
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static SweepPlan plan(String sweepId, List<Double> lrs, List<Integer> batches, int hidden, int epochs) {
        TrainingConfig base = new TrainingConfig(new int[] {hidden}, 0.01, 0.9, 64, epochs, 5, 0.2, Precision.FLOAT32);
        return new SweepPlan(sweepId, "scratch", "classify",
                new SweepSpace(List.of(), lrs, List.of(), batches).configurations(base), "", null);
    }

    private SweepWorker.Settings settings(String sweepId) {
        // A group per test and only this sweep's jobs: the tests share the jobs topic.
        return new SweepWorker.Settings("test-" + sweepId, LOCK, DELIVERY_LIMIT, sweepId);
    }

    @Test
    @DisplayName("a small sweep on two workers completes: one result per configuration, each its own finished run")
    void smallSweepCompletes() throws Exception {
        String sweepId = "small-" + UUID.randomUUID().toString().substring(0, 6);
        SweepPlan plan = plan(sweepId, List.of(0.01, 0.05), List.of(64, 128), 16, 2);
        SweepReport report;
        try (SweepWorkers workers = SweepWorkers.start(kafka.bootstrapServers(), Map.of(), 2, runsDir,
                settings(sweepId))) {
            assertThat(workers.awaitAssignment(60, TimeUnit.SECONDS)).isTrue();
            report = SweepCoordinator.run(clients, plan, runsDir.resolve(sweepId), System.out, Duration.ofMinutes(3));
            assertThat(workers.jobsCompleted()).isEqualTo(4);
        }
        report.print(System.out);

        List<SweepResult> results = report.results();
        assertThat(results).extracting(SweepResult::getJobIndex).containsExactly(0, 1, 2, 3);
        assertThat(results).extracting(SweepResult::getRunId).doesNotHaveDuplicates();
        for (int i = 0; i < 4; i++) {
            SweepResult r = results.get(i);
            assertThat(r.getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED);
            assertThat(RunConfigs.fromProto(r.getConfig())).isEqualTo(plan.configs().get(i));
            assertThat(r.getRunId()).startsWith(plan.runIdPrefix(i) + "-");
            assertThat(r.getBestEpoch()).isBetween(1, 2);
            assertThat(r.getTestAccuracy()).isBetween(0.3, 1.0);
            // The run directory's outcome (written by the run, not by the sweep) agrees with the result.
            JsonObject outcome = new JsonObject(Files.readString(Path.of(r.getRunDir()).resolve("outcome.json")));
            assertThat(outcome.getDouble("best_validation_loss")).isEqualTo(r.getBestValidationLoss());
            assertThat(outcome.getDouble("test_accuracy")).isEqualTo(r.getTestAccuracy());
            assertThat(outcome.getInteger("best_epoch")).isEqualTo(r.getBestEpoch());
        }
        SweepResult best = report.best().orElseThrow();
        assertThat(results).allSatisfy(r -> assertThat(best.getBestValidationLoss())
                .isLessThanOrEqualTo(r.getBestValidationLoss()));

        // Each run's own events are in Kafka, from RunStarted to RunFinished.
        List<Event> runs = read(Topics.RUNS, e -> e.getHeader().getRunId().startsWith(sweepId), 8);
        for (SweepResult r : results) {
            assertThat(runs).filteredOn(e -> e.getHeader().getRunId().equals(r.getRunId()))
                    .extracting(Event::getPayloadCase)
                    .containsExactly(Event.PayloadCase.RUN_STARTED, Event.PayloadCase.RUN_FINISHED);
        }
        Path dir = runsDir.resolve(sweepId);
        assertThat(Files.readAllLines(dir.resolve(SweepReport.CSV))).hasSize(5);
        assertThat(Files.readString(dir.resolve(SweepReport.MARKDOWN))).contains("| **" + best.getJobIndex() + "** |");
    }

    @Test
    @DisplayName("20 jobs, 3 workers, one worker process killed mid-job: its job is redelivered after the lock "
            + "times out, and every job's result is published exactly once")
    void killedWorkerLeavesItsJobToAnother() throws Exception {
        String sweepId = "kill-" + UUID.randomUUID().toString().substring(0, 6);
        SweepPlan plan = plan(sweepId, List.of(0.01, 0.02, 0.03, 0.04, 0.05), List.of(32, 64, 96, 128), 64, 8);
        CompletableFuture<SweepReport> coordinator = CompletableFuture.supplyAsync(() ->
                SweepCoordinator.run(clients, plan, runsDir.resolve(sweepId), System.out, Duration.ofMinutes(4)));

        Path log = runsDir.resolve(sweepId + "-worker.log");
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                WorkerProcess.class.getName(), kafka.bootstrapServers(), settings(sweepId).groupId(),
                runsDir.toString(), Long.toString(LOCK.toMillis()), Integer.toString(DELIVERY_LIMIT), sweepId)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String abandonedRun;
        try {
            // The victim is the only worker: the first epoch of a sweep run is the victim's, mid-job.
            List<Event> firstEpoch = read(Topics.EPOCHS, e -> e.getHeader().getRunId().startsWith(sweepId), 1,
                    Duration.ZERO);
            assertThat(firstEpoch).as("an epoch from the worker process; its log:%n%s", tail(log)).isNotEmpty();
            abandonedRun = firstEpoch.get(0).getHeader().getRunId();
        } finally {
            victim.destroyForcibly(); // SIGKILL: no commit, no goodbye to the group
            victim.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(victim.exitValue()).isNotZero();

        SweepReport report;
        try (SweepWorkers survivors = SweepWorkers.start(kafka.bootstrapServers(), Map.of(), 2, runsDir,
                settings(sweepId))) {
            report = coordinator.get(4, TimeUnit.MINUTES);
        }
        report.print(System.out);

        List<SweepResult> results = report.results();
        assertThat(results).extracting(SweepResult::getJobIndex)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED);
            assertThat(r.getBestEpoch()).isPositive();
            assertThat(r.getWorker()).doesNotContain("-" + victim.pid() + "-");
        });
        // The abandoned attempt is a run that started and never finished; its job was trained again as a new run.
        String abandonedJobPrefix = abandonedRun.substring(0, abandonedRun.lastIndexOf('-'));
        SweepResult retried = results.stream().filter(r -> r.getRunId().startsWith(abandonedJobPrefix + "-"))
                .findFirst().orElseThrow();
        assertThat(retried.getRunId()).isNotEqualTo(abandonedRun);
        List<Event> runs = read(Topics.RUNS, e -> e.getHeader().getRunId().startsWith(sweepId), 41);
        assertThat(runs).filteredOn(e -> e.getHeader().getRunId().equals(abandonedRun))
                .extracting(Event::getPayloadCase).containsExactly(Event.PayloadCase.RUN_STARTED);
        // Exactly once: the results topic holds one result per job for this sweep, none repeated.
        List<Event> published = read(Topics.SWEEP_RESULTS, e -> e.getSweepResult().getSweepId().equals(sweepId), 20);
        assertThat(published).extracting(e -> e.getSweepResult().getJobId())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(plan::jobId)
                        .toList());
    }

    /**
     * Every event of {@code topic} matching {@code filter}, read from the start in a fresh group until at
     * least {@code atLeast} have arrived and nothing new came for two seconds, or 60 s passed.
     */
    private List<Event> read(String topic, Predicate<Event> filter, int atLeast) throws IOException {
        return read(topic, filter, atLeast, Duration.ofSeconds(2));
    }

    /** As above, returning once {@code atLeast} have arrived and none came for {@code quiet}. */
    private List<Event> read(String topic, Predicate<Event> filter, int atLeast, Duration quiet) throws IOException {
        List<Event> out = new ArrayList<>();
        String group = "test-reader-" + UUID.randomUUID();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long quietSince = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer(group, group)) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                boolean any = false;
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Event e = Event.parseFrom(r.value());
                    if (filter.test(e)) {
                        out.add(e);
                        any = true;
                    }
                }
                if (out.size() >= atLeast && quiet.isZero()) {
                    break;
                }
                if (any) {
                    quietSince = System.nanoTime();
                } else if (out.size() >= atLeast && System.nanoTime() - quietSince >= quiet.toNanos()) {
                    break;
                }
            }
        }
        return out;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
