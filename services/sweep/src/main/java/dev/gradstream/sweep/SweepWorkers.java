package dev.gradstream.sweep;

import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sweep workers of one process: {@code count} members of the workers' group, sharing one producer
 * and the loaded data sets. Other processes, here or on other machines, join the same group with their
 * own {@code SweepWorkers}.
 */
public final class SweepWorkers implements AutoCloseable {

    private final List<SweepWorker> workers;
    private final EventPublisher publisher;

    private SweepWorkers(List<SweepWorker> workers, EventPublisher publisher) {
        this.workers = List.copyOf(workers);
        this.publisher = publisher;
    }

    /**
     * Starts {@code count} workers.
     *
     * @param kafkaProperties extra client settings (SASL/SSL), as for every other client
     * @param runsDir         where the runs' directories go ({@code runsDir/<sweep id>/...})
     */
    public static SweepWorkers start(String bootstrapServers, Map<String, String> kafkaProperties, int count,
                                     Path runsDir, SweepWorker.Settings settings) {
        if (count < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + count);
        }
        // The user's settings come last, so that they can override the worker's.
        Map<String, String> consumerProps = new HashMap<>(settings.consumerProperties());
        consumerProps.putAll(kafkaProperties);
        KafkaClients consumerClients = new KafkaClients(bootstrapServers, consumerProps);
        String prefix = "sweep-" + hostName() + "-" + ProcessHandle.current().pid();
        EventPublisher publisher = new EventPublisher(new KafkaClients(bootstrapServers, kafkaProperties)
                .producer(prefix));
        JobRunner runner = new JobRunner(runsDir);
        List<SweepWorker> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workers.add(new SweepWorker(consumerClients, publisher, runner, prefix + "-" + i, settings).start());
        }
        return new SweepWorkers(workers, publisher);
    }

    public List<SweepWorker> workers() {
        return workers;
    }

    /** Waits until every worker has partitions; false on time-out (more workers than partitions stay idle). */
    public boolean awaitAssignment(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (SweepWorker w : workers) {
            if (!w.awaitAssignment(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Jobs finished by this process's workers. */
    public long jobsCompleted() {
        return workers.stream().mapToLong(SweepWorker::jobsCompleted).sum();
    }

    /** Stops every worker; jobs in training are left uncommitted for other workers. */
    @Override
    public void close() {
        workers.parallelStream().forEach(SweepWorker::close);
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
