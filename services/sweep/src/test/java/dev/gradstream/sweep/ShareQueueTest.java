package dev.gradstream.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.DeadLetters;
import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The jobs topic as a queue (share group) on the real in-process broker: lock renewal, delivery limit, cancel, bad input. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Sweep jobs as a share-group queue")
class ShareQueueTest {

    private EmbeddedKafka kafka;
    private KafkaClients clients;
    private Path runsDir;

    @BeforeAll
    void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
        clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        runsDir = Files.createTempDirectory("gradstream-queue-");
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static SweepWorker.Settings settings(String sweepId, Duration lock) {
        return new SweepWorker.Settings("test-" + sweepId, lock, SweepThroughKafkaTest.DELIVERY_LIMIT, sweepId);
    }

    private static TrainingConfig config(int hidden, double lr, int epochs) {
        return new TrainingConfig(new int[] {hidden}, lr, 0.9, 64, epochs, 5, 0.2, Precision.FLOAT32);
    }

    @Test
    @DisplayName("while one worker trains a long job (renewing its 1 s lock), the idle worker takes every queued job")
    void idleWorkerTakesQueuedJobs() throws Exception {
        String sweepId = "long-" + UUID.randomUUID().toString().substring(0, 6);
        List<TrainingConfig> configs = new ArrayList<>();
        configs.add(config(256, 0.01, 100)); // the long job: several lock durations, even on a fast machine
        for (int i = 1; i <= 6; i++) {
            configs.add(config(16, 0.01 * i, 1));
        }
        SweepPlan plan = new SweepPlan(sweepId, "scratch", "classify", configs, "", null);
        List<SweepResult> results;
        long renewals;
        try (SweepResults collected = new SweepResults(clients, sweepId, 7, r -> { });
             SweepWorkers workers = SweepWorkers.start(kafka.bootstrapServers(), Map.of(), 2, runsDir,
                     settings(sweepId, Duration.ofSeconds(1)))) {
            assertThat(workers.awaitAssignment(60, TimeUnit.SECONDS)).isTrue();
            // The long job alone first; once its run has started (its directory exists), the short ones.
            JobQueue.publish(clients, "test-long", plan.jobs().subList(0, 1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hasRunDir(sweepId, 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(hasRunDir(sweepId, 0)).isTrue();
            JobQueue.publish(clients, "test-short", plan.jobs().subList(1, 7));
            assertThat(collected.await(4, TimeUnit.MINUTES)).isTrue();
            results = collected.results();
            renewals = workers.workers().stream().mapToLong(SweepWorker::renewals).sum();
        }
        assertThat(results).hasSize(7).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED));
        SweepResult longJob = results.get(0);
        assertThat(longJob.getDurationSeconds()).as("the long job outlasts its lock").isGreaterThan(1.0);
        assertThat(renewals).isPositive();
        // Every short job queued while the long one trained went to the other worker.
        assertThat(results.subList(1, 7)).allSatisfy(r -> assertThat(r.getWorker()).isNotEqualTo(longJob.getWorker()));
        // Trained once: one run started per job.
        assertThat(results).extracting(SweepResult::getRunId).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("a worker stopped gracefully mid-job releases it: another worker takes it at once, not after the lock")
    void gracefulStopReleasesTheJob() throws Exception {
        String sweepId = "stop-" + UUID.randomUUID().toString().substring(0, 6);
        SweepPlan plan = new SweepPlan(sweepId, "scratch", "classify", List.of(config(256, 0.01, 40)), "", null);
        // A 60 s lock: only a release, not a time-out, lets the second worker start within the test's bound.
        SweepWorker.Settings settings = new SweepWorker.Settings("test-" + sweepId, Duration.ofSeconds(60),
                SweepThroughKafkaTest.DELIVERY_LIMIT, sweepId);
        try (SweepResults collected = new SweepResults(clients, sweepId, 1, r -> { })) {
            SweepWorkers first = SweepWorkers.start(kafka.bootstrapServers(), Map.of(), 1, runsDir, settings);
            JobQueue.publish(clients, "test-stop", plan.jobs());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hasRunDir(sweepId, 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(hasRunDir(sweepId, 0)).isTrue();
            long stopped = System.nanoTime();
            first.close();
            assertThat(first.jobsCompleted()).isZero();
            try (SweepWorkers second = SweepWorkers.start(kafka.bootstrapServers(), Map.of(), 1, runsDir, settings)) {
                assertThat(collected.await(3, TimeUnit.MINUTES)).isTrue();
                // The result is published before the job is accepted and counted.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (second.jobsCompleted() == 0 && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(second.jobsCompleted()).isEqualTo(1);
            }
            SweepResult r = collected.results().get(0);
            assertThat(r.getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED);
            // Started again well before the 60 s lock could have expired: the result came within the run's own time.
            double waited = (System.nanoTime() - stopped) / 1e9 - r.getDurationSeconds();
            assertThat(waited).as("seconds between the stop and the second attempt's start").isLessThan(30);
        }
    }

    @Test
    @DisplayName("a job that crashes its worker every time is delivered the limit number of times, then reported failed")
    void alwaysFailingJobEndsFailed() throws Exception {
        String sweepId = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        SweepPlan plan = new SweepPlan(sweepId, "scratch", "classify",
                List.of(config(16, 0.01, 1), config(16, 0.02, 1)), "", null);
        AtomicInteger attempts = new AtomicInteger();
        JobRunner real = new JobRunner(runsDir);
        SweepWorker.JobTrainer crashing = (job, worker, publisher, started) -> {
            if (job.getJobIndex() == 0) {
                attempts.incrementAndGet();
                throw new IllegalStateException("simulated crash of the trainer");
            }
            return real.run(job, worker, publisher, started);
        };
        SweepReport report;
        try (SweepWorkers workers = SweepWorkers.start(kafka.bootstrapServers(), Map.of(), 1,
                settings(sweepId, Duration.ofSeconds(3)), crashing)) {
            report = SweepCoordinator.run(clients, plan, runsDir.resolve(sweepId), System.out, Duration.ofMinutes(3));
        }
        assertThat(attempts.get()).isEqualTo(SweepThroughKafkaTest.DELIVERY_LIMIT);
        SweepResult failed = report.results().get(0);
        assertThat(failed.getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED);
        assertThat(failed.getReason()).contains("each of its 3 deliveries", "share.delivery.count.limit",
                "simulated crash of the trainer");
        assertThat(report.results().get(1).getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED);
    }

    @Test
    @DisplayName("cancel: jobs not yet started end as cancelled without a run; the job in training finishes")
    void cancelStopsJobsNotStarted() throws Exception {
        String sweepId = "cancel-" + UUID.randomUUID().toString().substring(0, 6);
        List<TrainingConfig> configs = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            configs.add(config(64, 0.01 * i, 6));
        }
        SweepPlan plan = new SweepPlan(sweepId, "scratch", "classify", configs, "", null);
        SweepReport report;
        // Each job takes at least a second, whatever the machine's speed, so that the cancel finds jobs not started.
        JobRunner real = new JobRunner(runsDir);
        SweepWorker.JobTrainer slow = (job, worker, publisher, started) -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real.run(job, worker, publisher, started);
        };
        try (SweepWorkers workers = SweepWorkers.start(kafka.bootstrapServers(), Map.of(), 1,
                settings(sweepId, Duration.ofSeconds(5)), slow)) {
            AtomicInteger done = new AtomicInteger();
            CompletableFuture<SweepReport> coordinator = CompletableFuture.supplyAsync(() ->
                    SweepCoordinator.run(clients, plan, runsDir.resolve(sweepId), new java.io.PrintStream(
                            new java.io.OutputStream() {
                                @Override
                                public void write(int b) {
                                    if (b == '\n') {
                                        done.incrementAndGet();
                                    }
                                }
                            }), Duration.ofMinutes(3)));
            // The first line says the jobs are queued; the second is the first result.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (done.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int cancelled = SweepCancel.cancel(clients, sweepId, "test");
            assertThat(cancelled).isBetween(1, 5);
            report = coordinator.get(3, TimeUnit.MINUTES);
        }
        report.print(System.out);
        List<SweepResult> results = report.results();
        assertThat(results).hasSize(6);
        List<SweepResult> cancelledResults = results.stream()
                .filter(r -> r.getStatus() == RunStatus.RUN_STATUS_CANCELLED).toList();
        assertThat(cancelledResults).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getRunId()).isEmpty();
            assertThat(r.getReason()).contains("cancelled by test");
        });
        assertThat(results).filteredOn(r -> r.getStatus() == RunStatus.RUN_STATUS_COMPLETED).isNotEmpty();
        // No cancelled job became a run, except at most one a worker had just taken when the cancel came (it
        // finishes; its result arrives after the table, see SweepCancel).
        assertThat(cancelledResults.stream().filter(r -> hasRunDir(sweepId, r.getJobIndex())).count()).isLessThanOrEqualTo(1);
        assertThat(Files.readString(runsDir.resolve(sweepId).resolve(SweepReport.MARKDOWN))).contains("cancelled");
    }

    @Test
    @DisplayName("bad input: a malformed job is rejected once and dead-lettered; unknown backend, task or data fail as results")
    void badJobs() throws Exception {
        String sweepId = "bad-" + UUID.randomUUID().toString().substring(0, 6);
        SweepPlan plan = new SweepPlan(sweepId, "scratch", "classify",
                List.of(config(16, 0.01, 1), config(16, 0.02, 1), config(16, 0.03, 1), config(16, 0.04, 1)),
                "", null);
        List<Event> jobs = new ArrayList<>(plan.jobs());
        jobs.set(1, jobs.get(1).toBuilder().setSweepJob(jobs.get(1).getSweepJob().toBuilder().setBackendValue(7)).build());
        jobs.set(2, jobs.get(2).toBuilder().setSweepJob(jobs.get(2).getSweepJob().toBuilder().setTaskValue(9)).build());
        jobs.set(3, jobs.get(3).toBuilder().setSweepJob(jobs.get(3).getSweepJob().toBuilder()
                .setDataDir("/no/such/gradstream-data")).build());
        byte[] garbage = "not a protobuf event \u0000\u00ff".getBytes(StandardCharsets.UTF_8);
        long garbageOffset;
        JobQueue.ensureTopic(clients);
        try (KafkaProducer<String, byte[]> producer = clients.producer("test-bad")) {
            garbageOffset = producer.send(new ProducerRecord<>(JobQueue.TOPIC, 0, sweepId + "-garbage", garbage))
                    .get().offset();
        }
        SweepReport report;
        try (SweepResults results = new SweepResults(clients, sweepId, 4, r -> { });
             SweepWorkers workers = SweepWorkers.start(kafka.bootstrapServers(), Map.of(), 1, runsDir,
                     settings(sweepId, Duration.ofSeconds(2)))) {
            JobQueue.publish(clients, "test-bad-jobs", jobs);
            assertThat(results.await(2, TimeUnit.MINUTES)).isTrue();
            report = new SweepReport(sweepId, "scratch", "classify", results.results(), 0);
            // Longer than the lock: a released (not rejected) record would be redelivered and dead-lettered again.
            Thread.sleep(4_000);
        }
        List<SweepResult> r = report.results();
        assertThat(r.get(0).getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED);
        assertThat(r.get(1).getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED);
        assertThat(r.get(1).getReason()).contains("unknown backend", "value 7");
        assertThat(r.get(2).getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED);
        assertThat(r.get(2).getReason()).contains("unknown task", "value 9");
        assertThat(r.get(3).getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED);
        assertThat(r.get(3).getReason()).contains("/no/such/gradstream-data");

        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = clients.consumer("test-dl-" + sweepId, "test-dl-" + sweepId)) {
            c.subscribe(List.of(Topics.DEAD_LETTERS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> rec : c.poll(Duration.ofMillis(200))) {
                    if ((sweepId + "-garbage").equals(rec.key())) {
                        letters.add(rec);
                    }
                }
                if (!letters.isEmpty() && System.nanoTime() > deadline - TimeUnit.SECONDS.toNanos(15)) {
                    break;
                }
            }
        }
        assertThat(letters).hasSize(1);
        ConsumerRecord<String, byte[]> letter = letters.get(0);
        assertThat(header(letter, DeadLetters.SOURCE_OFFSET)).isEqualTo(Long.toString(garbageOffset));
        assertThat(header(letter, DeadLetters.REASON)).contains("not a gradstream Event");
    }

    @Test
    @DisplayName("a broker without share groups: a clear error naming share.version")
    void brokerWithoutShareGroups() {
        try (EmbeddedKafka old = EmbeddedKafka.startWithoutShareGroups()) {
            TopicSetup.ensureTopics(new KafkaClients(old.bootstrapServers(), Map.of()), 1, (short) 1);
            assertThatThrownBy(() -> SweepWorkers.start(old.bootstrapServers(), Map.of(), 1, runsDir,
                    SweepWorker.Settings.defaults()))
                    .isInstanceOf(BusException.class)
                    .hasMessageContaining("share.version")
                    .hasMessageContaining("kafka-features.sh --bootstrap-server " + old.bootstrapServers()
                            + " upgrade --feature share.version=");
        }
    }

    private boolean hasRunDir(String sweepId, int jobIndex) {
        try (var files = Files.list(runsDir.resolve(sweepId))) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(String.format("j%02d-", jobIndex)));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}
