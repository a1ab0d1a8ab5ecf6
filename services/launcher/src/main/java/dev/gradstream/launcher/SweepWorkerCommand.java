package dev.gradstream.launcher;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.sweep.SweepWorker;
import dev.gradstream.sweep.SweepWorkers;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream sweep-worker}: sweep workers that join the workers' share group on a Kafka cluster
 * and train the jobs of any sweep until stopped. Start one per machine (or several); a stopped worker
 * releases its job, and a killed worker's job goes to another worker when its lock times out. A cluster
 * without share groups fails here with the {@code share.version} command to run (exit code 4).
 */
@Command(name = "sweep-worker", mixinStandardHelpOptions = true,
        description = "Train sweep jobs from Kafka until stopped (Ctrl-C), in the sweep workers' share group.")
final class SweepWorkerCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Mixin
    WorkersOption workers;

    @Mixin
    RunsDirOption runs;

    @Option(names = "--lock-seconds", defaultValue = "30",
            description = "Acquisition lock of a job (the share group's share.record.lock.duration.ms): a killed "
                    + "worker's job goes to another worker after this long; renewed while a job trains "
                    + "(default: ${DEFAULT-VALUE}).")
    int lockSeconds;

    @Option(names = "--delivery-limit", defaultValue = "5",
            description = "Deliveries of a job before it is rejected and reported failed (the group's "
                    + "share.delivery.count.limit, 2 to 10; default: ${DEFAULT-VALUE}).")
    int deliveryLimit;

    @Override
    public Integer call() throws InterruptedException {
        KafkaClients clients = bus.clusterClients("sweep-worker", "the Kafka cluster that carries the jobs "
                + "(a `gradstream sweep` prints the address of its in-process broker)");
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        SweepWorkers pool = SweepWorkers.start(bus.bootstrapServers, bus.kafkaProperties, workers.count, runs.dir,
                new SweepWorker.Settings(SweepWorker.GROUP, Duration.ofSeconds(lockSeconds), deliveryLimit, null));
        System.out.printf("%d sweep worker(s) in share group %s on %s; runs under %s; until stopped%n", workers.count,
                SweepWorker.GROUP, bus.bootstrapServers, runs.dir.toAbsolutePath());
        UntilStopped stopped = UntilStopped.onStop(() -> {
            pool.close();
            System.out.println("sweep workers stopped after " + pool.jobsCompleted() + " job(s)");
        });
        while (!stopped.await(1)) {
            RuntimeException failure = pool.failure();
            if (failure != null) {
                pool.close();
                throw new BusException("a sweep worker stopped: " + failure.getMessage(), failure);
            }
        }
        return ExitCodes.OK;
    }
}
