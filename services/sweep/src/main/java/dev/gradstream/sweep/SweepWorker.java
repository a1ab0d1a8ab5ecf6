package dev.gradstream.sweep;

import dev.gradstream.bus.DeadLetters;
import dev.gradstream.bus.EventNames;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.trainer.RunExecution;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.SweepJob;
import dev.gradstream.events.v1.SweepResult;
import dev.gradstream.events.v1.Task;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trainer worker of a sweep: a member of the workers' <em>share group</em> (KIP-932) on
 * {@link JobQueue#TOPIC}. Every member takes records from its one partition, one job per poll, so any idle
 * worker takes the next queued job. A job's record is acquired under a lock and acknowledged explicitly:
 *
 * <ul>
 *   <li><b>accept</b> only after the job's {@code SweepResult} is on {@link Topics#SWEEP_RESULTS} (flushed);
 *       a failed or diverged run is a result too;</li>
 *   <li><b>renew</b> the lock every third of its duration while the run trains, so a long job keeps it;</li>
 *   <li><b>release</b> on a graceful stop ({@link #close()}): the run is stopped and another worker takes the
 *       job; a <em>killed</em> worker's lock times out and the broker redelivers the job;</li>
 *   <li><b>release</b> when the trainer itself crashed, until the group's delivery limit: the delivery that
 *       reaches it publishes a {@code failed} result with the reason and <b>rejects</b> the record;</li>
 *   <li><b>reject</b> a record that is not a valid job, after dead-lettering it with the reason.</li>
 * </ul>
 *
 * A job that already has a result (cancelled, or completed by a worker killed before it could accept) is
 * accepted without training; results are deduplicated by job id ({@link SweepResults}) for the window in
 * between.
 */
public final class SweepWorker implements AutoCloseable {

    /**
     * The share group of every sweep worker, in-process or on other machines. Not the consumer group's name
     * of earlier versions ({@code gradstream-sweep-workers}): a group id is either a consumer or a share group,
     * and a cluster that ran those keeps it ("Group ... is not a share group").
     */
    public static final String GROUP = "gradstream-sweep-queue-workers";

    /** Trains one job; {@link JobRunner#run} in production. */
    @FunctionalInterface
    interface JobTrainer {
        JobRunner.Finished run(SweepJob job, String worker, EventPublisher publisher, Consumer<RunExecution> started);
    }

    /**
     * @param groupId       share group ({@link #GROUP} unless isolating a test)
     * @param lockDuration  acquisition lock of a job ({@code share.record.lock.duration.ms} of the group): a
     *                      killed worker's job is redelivered after this long; renewed while a job trains
     * @param deliveryLimit deliveries of a job before it is rejected ({@code share.delivery.count.limit}, 2..10)
     * @param onlySweep     if not null, jobs of other sweeps are accepted without training (orphans of an
     *                      interrupted sweep on a private broker); null takes every job
     */
    public record Settings(String groupId, Duration lockDuration, int deliveryLimit, String onlySweep) {

        /** The shared group, a 30 s lock (Kafka's default), 5 deliveries (Kafka's default), every sweep's jobs. */
        public static Settings defaults() {
            return new Settings(GROUP, Duration.ofSeconds(30), 5, null);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SweepWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How often the polling thread looks at the job in training (its end, a stop, a renewal). */
    private static final long WATCH_MS = 20;

    /** The job in training. */
    private static final class InFlight {
        volatile RunExecution loop;
        volatile boolean aborted;

        void started(RunExecution l) {
            loop = l;
            if (aborted) {
                l.requestStop();
            }
        }

        void abort() {
            aborted = true;
            RunExecution l = loop;
            if (l != null) {
                l.requestStop();
            }
        }
    }

    private final String workerId;
    private final KafkaShareConsumer<String, byte[]> consumer;
    private final EventPublisher publisher;
    private final JobTrainer trainer;
    private final Settings settings;
    private final JobsWithResults withResults;
    private final DeadLetters deadLetters;
    private final ExecutorService training;
    private final Thread thread;
    private final CountDownLatch polling = new CountDownLatch(1);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong renewals = new AtomicLong();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    SweepWorker(KafkaClients clients, EventPublisher publisher, JobTrainer trainer, JobsWithResults withResults,
                String workerId, Settings settings) {
        this.workerId = workerId;
        this.consumer = clients.shareConsumer(settings.groupId(), workerId);
        this.publisher = publisher;
        this.trainer = trainer;
        this.settings = settings;
        this.withResults = withResults;
        this.deadLetters = new DeadLetters(clients, "sweep-worker", settings.groupId(), workerId);
        this.training = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, workerId + "-train");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::pollLoop, workerId);
        this.thread.setDaemon(true);
    }

    SweepWorker start() {
        thread.start();
        return this;
    }

    public String id() {
        return workerId;
    }

    /** Jobs this worker finished and accepted (results published), failed ones included. */
    public long jobsCompleted() {
        return completed.get();
    }

    /** Why this worker stopped by itself (e.g. the group id belongs to a consumer group), or null. */
    public RuntimeException failure() {
        return failure;
    }

    /** Acquisition-lock renewals so far. */
    public long renewals() {
        return renewals.get();
    }

    /** Waits until this worker has polled the jobs topic once (joined the share group); false on time-out. */
    public boolean awaitAssignment(long timeout, TimeUnit unit) throws InterruptedException {
        return polling.await(timeout, unit);
    }

    private void pollLoop() {
        try {
            consumer.subscribe(java.util.List.of(JobQueue.TOPIC));
            while (running) {
                var records = consumer.poll(POLL);
                polling.countDown();
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        take(record);
                    } catch (RuntimeException e) {
                        // E.g. the bus refused the result: the job goes back to the group (its delivery count
                        // still bounds the retries) and this worker goes on.
                        LOG.error("{}: job record {} failed: {}; releasing it", workerId, DeadLetters.where(record),
                                e.toString(), e);
                        acknowledge(record, AcknowledgeType.RELEASE);
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("sweep worker {} stopped: {}", workerId, e.toString(), e);
        } finally {
            polling.countDown();
            training.shutdownNow();
            // Anything acquired and not acknowledged is released by the close.
            consumer.close(KafkaClients.CLOSE_TIMEOUT);
            deadLetters.close();
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        SweepJob job;
        try {
            job = JobRecords.decode(record);
        } catch (IllegalArgumentException bad) {
            LOG.warn("{}: rejecting {}: {}", workerId, DeadLetters.where(record), bad.getMessage());
            deadLetters.send(record, bad.getMessage());
            acknowledge(record, AcknowledgeType.REJECT);
            return;
        }
        if (settings.onlySweep() != null && !settings.onlySweep().equals(job.getSweepId())) {
            LOG.info("{}: skipping job {} of another sweep", workerId, job.getJobId());
            acknowledge(record, AcknowledgeType.ACCEPT);
            return;
        }
        if (withResults.has(job.getJobId())) {
            LOG.info("{}: job {} already has a result (cancelled or done); not training it", workerId, job.getJobId());
            acknowledge(record, AcknowledgeType.ACCEPT);
            return;
        }
        String unrunnable = JobChecks.problem(job);
        if (unrunnable != null) {
            publish(JobResults.failed(job, workerId, unrunnable), job);
            completed.incrementAndGet();
            acknowledge(record, AcknowledgeType.ACCEPT);
            return;
        }
        train(record, job);
    }

    private void train(ConsumerRecord<String, byte[]> record, SweepJob job) {
        int delivery = record.deliveryCount().map(Number::intValue).orElse(1);
        LOG.info("{}: training job {} ({}), delivery {} of {}", workerId, job.getJobId(),
                SweepConfigs.describe(job.getConfig()), delivery, settings.deliveryLimit());
        InFlight f = new InFlight();
        Future<JobRunner.Finished> future = training.submit(() -> trainer.run(job, workerId, publisher, f::started));
        long renewEveryMs = Math.max(100, consumer.acquisitionLockTimeoutMs().map(Integer::longValue)
                .orElse(settings.lockDuration().toMillis()) / 3);
        long lastRenewal = System.nanoTime();
        ConsumerRecord<String, byte[]> held = record;
        while (!future.isDone()) {
            if (!running) {
                f.abort();
                waitQuietly(future);
                LOG.info("{}: stopping; releasing job {} for another worker", workerId, job.getJobId());
                acknowledge(held, AcknowledgeType.RELEASE);
                return;
            }
            if (System.nanoTime() - lastRenewal >= TimeUnit.MILLISECONDS.toNanos(renewEveryMs)) {
                held = renew(held);
                lastRenewal = System.nanoTime();
            }
            try {
                future.get(WATCH_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Still training, or done (handled below).
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
        try {
            JobRunner.Finished finished = future.get();
            // Result first, acceptance second: a crash in between repeats the job (or finds its result), never
            // loses it.
            finished.channel().emit(Event.newBuilder().setSweepResult(finished.result()));
            finished.channel().flush();
            acknowledge(held, AcknowledgeType.ACCEPT);
            completed.incrementAndGet();
            LOG.info("{}: job {} {} in {} s", workerId, job.getJobId(), EventNames.status(finished.result().getStatus()),
                    String.format(Locale.ROOT, "%.1f", finished.result().getDurationSeconds()));
        } catch (ExecutionException e) {
            crashed(held, job, delivery, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The trainer threw (not a failed run, which is a result, but e.g. a missing class or a broken bus): the job
     * goes back to the group, and at the last allowed delivery it is rejected and reported as failed.
     */
    private void crashed(ConsumerRecord<String, byte[]> record, SweepJob job, int delivery, Throwable cause) {
        if (delivery >= settings.deliveryLimit()) {
            String reason = String.format(Locale.ROOT, "the job crashed its worker on each of its %d deliveries "
                    + "(share.delivery.count.limit of group %s); last: %s", delivery, settings.groupId(), cause);
            LOG.error("{}: job {}: {}", workerId, job.getJobId(), reason, cause);
            publish(JobResults.failed(job, workerId, reason), job);
            completed.incrementAndGet();
            acknowledge(record, AcknowledgeType.REJECT);
        } else {
            LOG.warn("{}: job {} crashed its worker on delivery {} of {} ({}); releasing it", workerId,
                    job.getJobId(), delivery, settings.deliveryLimit(), cause.toString());
            acknowledge(record, AcknowledgeType.RELEASE);
        }
    }

    /**
     * Renews the job's acquisition lock (KIP-1222). The client hands a renewed record back on the next poll;
     * that poll acquires nothing else (one record per poll, and the renewed one fills it).
     */
    private ConsumerRecord<String, byte[]> renew(ConsumerRecord<String, byte[]> held) {
        acknowledge(held, AcknowledgeType.RENEW);
        renewals.incrementAndGet();
        ConsumerRecord<String, byte[]> again = held;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ZERO)) {
            if (r.partition() == held.partition() && r.offset() == held.offset()) {
                again = r;
            } else {
                LOG.warn("{}: released {} acquired while renewing", workerId, DeadLetters.where(r));
                consumer.acknowledge(r, AcknowledgeType.RELEASE);
                consumer.commitSync();
            }
        }
        return again;
    }

    private void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        try {
            consumer.acknowledge(record, type);
            consumer.commitSync().forEach((tp, error) -> error.ifPresent(e -> LOG.warn(
                    "{}: the broker refused {} of {}: {}", workerId, type, DeadLetters.where(record), e.toString())));
        } catch (KafkaException | IllegalStateException e) {
            // E.g. the lock expired meanwhile: the job is redelivered, and a result already published makes its
            // next worker accept it without training.
            LOG.warn("{}: could not {} {}: {}", workerId, type, DeadLetters.where(record), e.toString());
        }
    }

    private void publish(SweepResult result, SweepJob job) {
        // A job naming an enum value this build does not know gets UNSPECIFIED in the header (the payload keeps it).
        var channel = new dev.gradstream.bus.RunChannel(publisher, job.getRunId().isEmpty() ? job.getJobId()
                : job.getRunId(), job.getBackend() == Backend.UNRECOGNIZED ? Backend.BACKEND_UNSPECIFIED : job.getBackend(),
                job.getTask() == Task.UNRECOGNIZED ? Task.TASK_UNSPECIFIED : job.getTask(), 0);
        channel.emit(Event.newBuilder().setSweepResult(result));
        channel.flush();
    }

    private static void waitQuietly(Future<?> future) {
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("a stopped sweep job did not end cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking jobs; a job in training is stopped and released for another worker. */
    @Override
    public void close() {
        // No wakeup(): the polling thread notices within one poll (200 ms) or one look at the job (20 ms),
        // and must still be able to release the job it holds.
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
