package dev.gradstream.sweep;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.trainer.RunExecution;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.SweepJob;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trainer worker of a sweep: a member of the workers' consumer group on {@link Topics#SWEEP_JOBS} that
 * trains one job at a time. Its consumer (one record per poll) hands a job to a training thread, pauses its
 * partitions and keeps polling while the run trains, so the group never thinks it dead; when the run has
 * finished, the worker publishes the job's {@code SweepResult} and only then commits the job's offset.
 *
 * <p>So a job is done only when its run has finished: a worker that dies mid-job never commits it, and
 * the partition's next owner trains it again as a new attempt (a new run id). A worker that dies between
 * publishing a result and committing leaves a second result for the same job: results are deduplicated
 * by job id ({@link SweepResults}). If a rebalance takes the partition of the job in training away (a new
 * worker joined), the attempt is stopped and left to the new owner; the cooperative-sticky assignor keeps
 * such moves to the partitions that must move.
 */
public final class SweepWorker implements AutoCloseable {

    /** The consumer group of every sweep worker, in-process or on other machines. */
    public static final String GROUP = "gradstream-sweep-workers";

    /**
     * @param groupId        consumer group ({@link #GROUP} unless isolating a test)
     * @param sessionTimeout how long a silent worker keeps its partitions before the group gives them away
     * @param onlySweep      if not null, jobs of other sweeps are committed without training (orphans of an
     *                       interrupted sweep on a private broker); null takes every job
     */
    public record Settings(String groupId, Duration sessionTimeout, String onlySweep) {

        /** The shared group, a 10 s session timeout, every sweep's jobs. */
        public static Settings defaults() {
            return new Settings(GROUP, Duration.ofSeconds(10), null);
        }

        /** The consumer settings a worker adds to the common ones. */
        Map<String, String> consumerProperties() {
            return Map.of(
                    // One job per poll: a worker never holds jobs it is not training.
                    "max.poll.records", "1",
                    // Rebalances move only the partitions that must move, so a joining worker rarely
                    // interrupts a job in training.
                    "partition.assignment.strategy",
                    "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                    // A killed worker's jobs go to another worker after this long.
                    "session.timeout.ms", Long.toString(sessionTimeout.toMillis()),
                    "heartbeat.interval.ms", Long.toString(Math.max(500, sessionTimeout.toMillis() / 4)));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SweepWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** While a job trains the partitions are paused: polls are cheap, and short ones notice the end sooner. */
    private static final Duration POLL_WHILE_TRAINING = Duration.ofMillis(20);

    /** The job in training, owned by the polling thread. */
    private static final class InFlight {
        final TopicPartition partition;
        final long offset;
        final SweepJob job;
        volatile RunExecution loop;
        volatile boolean aborted;
        Future<JobRunner.Finished> future;

        InFlight(TopicPartition partition, long offset, SweepJob job) {
            this.partition = partition;
            this.offset = offset;
            this.job = job;
        }

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
    private final KafkaConsumer<String, byte[]> consumer;
    private final EventPublisher publisher;
    private final JobRunner runner;
    private final Settings settings;
    private final ExecutorService trainer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicLong completed = new AtomicLong();
    private volatile boolean running = true;
    private InFlight current;

    SweepWorker(KafkaClients consumerClients, EventPublisher publisher, JobRunner runner, String workerId,
                Settings settings) {
        this.workerId = workerId;
        this.consumer = consumerClients.consumer(settings.groupId(), workerId);
        this.publisher = publisher;
        this.runner = runner;
        this.settings = settings;
        this.trainer = Executors.newSingleThreadExecutor(r -> {
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

    /** Jobs this worker finished and committed. */
    public long jobsCompleted() {
        return completed.get();
    }

    /** Waits until the group has given this worker its first partitions; false on time-out. */
    public boolean awaitAssignment(long timeout, TimeUnit unit) throws InterruptedException {
        return assigned.await(timeout, unit);
    }

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(Topics.SWEEP_JOBS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (current != null && partitions.contains(current.partition)) {
                        LOG.info("{}: partition {} moved to another worker; leaving job {} to it", workerId,
                                current.partition, current.job.getJobId());
                        abandonCurrent();
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (current != null) {
                        consumer.pause(partitions);
                    }
                    assigned.countDown();
                }
            });
            while (running) {
                Duration timeout = current == null ? POLL : POLL_WHILE_TRAINING;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                    take(record);
                }
                if (current != null && current.future.isDone()) {
                    finishCurrent();
                }
            }
        } catch (WakeupException e) {
            // close(): fall through.
        } catch (RuntimeException e) {
            LOG.error("sweep worker {} stopped: {}", workerId, e.toString(), e);
        } finally {
            if (current != null) {
                abandonCurrent();
            }
            trainer.shutdownNow();
            consumer.close();
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (current != null) {
            // A partition assigned mid-job delivered a record: give it back for later.
            consumer.seek(tp, record.offset());
            consumer.pause(List.of(tp));
            return;
        }
        SweepJob job = decode(record);
        if (job == null || (settings.onlySweep() != null && !settings.onlySweep().equals(job.getSweepId()))) {
            if (job != null) {
                LOG.info("{}: skipping job {} of another sweep", workerId, job.getJobId());
            }
            commit(tp, record.offset());
            return;
        }
        InFlight f = new InFlight(tp, record.offset(), job);
        f.future = trainer.submit(() -> runner.run(job, workerId, publisher, f::started));
        current = f;
        consumer.pause(consumer.assignment());
        LOG.info("{}: training job {} ({})", workerId, job.getJobId(), SweepConfigs.describe(job.getConfig()));
    }

    private void finishCurrent() {
        InFlight f = current;
        current = null;
        try {
            JobRunner.Finished finished = f.future.get();
            if (!f.aborted) {
                // Result first, offset second: a crash in between repeats the job, never loses it.
                finished.channel().emit(Event.newBuilder().setSweepResult(finished.result()));
                finished.channel().flush();
                commit(f.partition, f.offset);
                completed.incrementAndGet();
                LOG.info("{}: job {} {} in {} s", workerId, f.job.getJobId(),
                        dev.gradstream.bus.EventNames.status(finished.result().getStatus()),
                        String.format(Locale.ROOT, "%.1f", finished.result().getDurationSeconds()));
            }
        } catch (ExecutionException e) {
            // Not a failed run (JobRunner turns those into results) but a broken worker, e.g. a missing class:
            // the job is not committed, and this worker leaves the group so that another one takes it.
            LOG.error("{}: job {} crashed the worker ({}); stopping this worker and leaving the job to another",
                    workerId, f.job.getJobId(), e.getCause().toString(), e.getCause());
            running = false;
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.resume(consumer.paused());
    }

    /** Stops the job in training without committing it, so that the partition's owner trains it again. */
    private void abandonCurrent() {
        InFlight f = current;
        current = null;
        f.abort();
        try {
            f.future.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("{}: abandoned job {} did not stop cleanly: {}", workerId, f.job.getJobId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.resume(consumer.paused());
    }

    private void commit(TopicPartition tp, long offset) {
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset + 1)));
        } catch (KafkaException e) {
            // E.g. the partition moved meanwhile: its next owner repeats the job and the duplicate result is
            // dropped by job id.
            LOG.warn("{}: could not commit {}@{}: {}", workerId, tp, offset, e.toString());
        }
    }

    private SweepJob decode(ConsumerRecord<String, byte[]> record) {
        try {
            Event event = Event.parseFrom(record.value());
            if (event.hasSweepJob()) {
                return event.getSweepJob();
            }
            LOG.warn("{}: skipping {} on {}-{}@{}", workerId, event.getPayloadCase(), record.topic(),
                    record.partition(), record.offset());
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("{}: skipping malformed record {}-{}@{}: {}", workerId, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
        return null;
    }

    /** Stops taking jobs; a job in training is abandoned uncommitted (another worker will train it). */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
