package dev.gradstream.launcher;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.sweep.SweepWorker;
import dev.gradstream.sweep.SweepWorkers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream sweep-worker}: sweep workers that join the workers' consumer group on a Kafka cluster
 * and train the jobs of any sweep until stopped. Start one per machine (or several); a stopped or killed
 * worker's job goes to another worker.
 */
@Command(name = "sweep-worker", mixinStandardHelpOptions = true,
        description = "Train sweep jobs from Kafka until stopped (Ctrl-C), in the shared sweep workers' group.")
final class SweepWorkerCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(names = "--workers", defaultValue = "1",
            description = "Workers in this process, each training one job at a time (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--runs-dir", defaultValue = "runs", paramLabel = "DIR",
            description = "Where this machine writes the runs' directories (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--session-timeout-seconds", defaultValue = "10",
            description = "How long a silent (killed) worker keeps its jobs before the group gives them to "
                    + "another worker (default: ${DEFAULT-VALUE}).")
    int sessionTimeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (bus.bootstrapServers == null) {
            throw new IllegalArgumentException("sweep-worker needs --bootstrap-servers: the Kafka cluster that "
                    + "carries the jobs (a `gradstream sweep` prints the address of its in-process broker)");
        }
        KafkaClients clients = new KafkaClients(bus.bootstrapServers, bus.kafkaProperties);
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        SweepWorkers pool = SweepWorkers.start(bus.bootstrapServers, bus.kafkaProperties, workers, runsDir,
                new SweepWorker.Settings(SweepWorker.GROUP, Duration.ofSeconds(sessionTimeoutSeconds), null));
        System.out.printf("%d sweep worker(s) in group %s on %s; runs under %s; until stopped%n", workers,
                SweepWorker.GROUP, bus.bootstrapServers, runsDir.toAbsolutePath());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pool.close();
            System.out.println("sweep workers stopped after " + pool.jobsCompleted() + " job(s)");
            stopped.countDown();
        }));
        stopped.await();
        return ExitCodes.OK;
    }
}
