package dev.gradstream.sweep;

import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sweep workers of one process: {@code count} members of the workers' share group, sharing one
 * producer, the loaded data sets and the index of jobs that have results. Other processes, here or on other
 * machines, join the same group with their own {@code SweepWorkers}.
 */
public final class SweepWorkers implements AutoCloseable {

    private final List<SweepWorker> workers;
    private final EventPublisher publisher;
    private final JobsWithResults withResults;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private SweepWorkers(List<SweepWorker> workers, EventPublisher publisher, JobsWithResults withResults) {
        this.workers = List.copyOf(workers);
        this.publisher = publisher;
        this.withResults = withResults;
    }

    /**
     * Starts {@code count} workers, after checking that the cluster has share groups and setting the group's
     * lock duration, delivery limit and start offset ({@link ShareGroups}).
     *
     * @param kafkaProperties extra client settings (SASL/SSL), as for every other client
     * @param runsDir         where the runs' directories go ({@code runsDir/<sweep id>/...})
     * @throws dev.gradstream.bus.BusException when the cluster has no share groups (naming {@code share.version})
     */
    public static SweepWorkers start(String bootstrapServers, Map<String, String> kafkaProperties, int count,
                                     Path runsDir, SweepWorker.Settings settings) {
        JobRunner runner = new JobRunner(runsDir);
        return start(bootstrapServers, kafkaProperties, count, settings, runner::run);
    }

    /** As above with another trainer (tests: one that crashes). */
    static SweepWorkers start(String bootstrapServers, Map<String, String> kafkaProperties, int count,
                              SweepWorker.Settings settings, SweepWorker.JobTrainer trainer) {
        if (count < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + count);
        }
        KafkaClients clients = new KafkaClients(bootstrapServers, kafkaProperties);
        ShareGroups.prepare(clients, settings);
        JobQueue.ensureTopic(clients);
        String prefix = "sweep-" + hostName() + "-" + ProcessHandle.current().pid();
        JobsWithResults withResults = new JobsWithResults(clients);
        try {
            if (!withResults.awaitCaughtUp(60, TimeUnit.SECONDS)) {
                withResults.close();
                throw new dev.gradstream.bus.BusException("could not read " + dev.gradstream.bus.Topics.SWEEP_RESULTS
                        + " on " + bootstrapServers + " within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            withResults.close();
            throw new dev.gradstream.bus.BusException("interrupted while starting sweep workers");
        }
        EventPublisher publisher = new EventPublisher(clients.producer(prefix));
        List<SweepWorker> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workers.add(new SweepWorker(clients, publisher, trainer, withResults, prefix + "-" + i, settings).start());
        }
        return new SweepWorkers(workers, publisher, withResults);
    }

    public List<SweepWorker> workers() {
        return workers;
    }

    /** Waits until every worker has joined the share group (polled once); false on time-out. */
    public boolean awaitAssignment(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (SweepWorker w : workers) {
            if (!w.awaitAssignment(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** The first failure of a worker that stopped by itself, or null while all run (or were closed). */
    public RuntimeException failure() {
        return workers.stream().map(SweepWorker::failure).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Jobs finished by this process's workers. */
    public long jobsCompleted() {
        return workers.stream().mapToLong(SweepWorker::jobsCompleted).sum();
    }

    /** Stops every worker; jobs in training are stopped and released for other workers. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        workers.parallelStream().forEach(SweepWorker::close);
        withResults.close();
        publisher.close();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
