package dev.gradstream.launcher;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.core.training.TrainingLoop;
import dev.gradstream.events.v1.Task;
import dev.gradstream.trainer.EventEnums;
import dev.gradstream.trainer.EventPublishingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gradstream bench}: training throughput of a backend on the 784-128-128-128-10 network, and how
 * much publishing every batch's events to a real (in-process) Kafka broker costs. Prints figures; asserts
 * nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training throughput (samples/s) with and without publishing events to Kafka.")
final class BenchCommand implements Callable<Integer> {

    static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder (default: /usr/share/datasets/fashion-mnist when installed, else the bundled set).")
    Path data;

    @Option(names = "--backend", defaultValue = "scratch", description = "Backend (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--epochs", defaultValue = "3", description = "Measured epochs per mode (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
        Path dir = data != null ? data : Files.isDirectory(DEBIAN_FASHION_MNIST) ? DEBIAN_FASHION_MNIST : null;
        DataSplits splits = DataSets.load(dir, 0.2, 1);
        // The benchmark trains on the whole training pool, as the numpy peer does.
        TrainingConfig config = new TrainingConfig(new int[] {128, 128, 128}, 0.01, 0.9, batchSize, epochs, 1,
                0.2, Precision.FLOAT32);
        System.out.printf(Locale.ROOT, "bench: %s, %d training samples, 784-128-128-128-%d, batch %d, float32, %d cores%n",
                splits.name(), splits.train().count(), splits.numClasses(), batchSize,
                Runtime.getRuntime().availableProcessors());
        double[] alone = measure(splits, config, null);
        report("no broker in the process:", alone, "");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            double[] idle = measure(splits, config, null);
            report("broker running, idle:", idle, "");
            try (EventPublisher publisher = new EventPublisher(clients.producer("bench"))) {
                RunChannel channel = new RunChannel(publisher, "bench-" + System.currentTimeMillis(),
                        EventEnums.backend(backend), Task.TASK_CLASSIFY, 0);
                double[] published = measure(splits, config,
                        new EventPublishingListener(channel, new TaskSpec.Classify(), Map.of("gradstream", "bench")));
                publisher.flush();
                report("publishing every event:", published, " (" + publisher.acknowledged() + " events acknowledged)");
                System.out.printf(Locale.ROOT, "overhead of publishing, against the same process with the broker idle: "
                        + "%.1f%%; against no broker at all: %.1f%% (median epoch throughput)%n",
                        100 * (1 - median(published) / median(idle)), 100 * (1 - median(published) / median(alone)));
            }
        }
        return ExitCodes.OK;
    }

    private void report(String what, double[] rates, String note) {
        System.out.printf(Locale.ROOT, "%-8s %-26s %s  median %,.0f samples/s%s%n", backend, what, format(rates),
                median(rates), note);
    }

    /** Samples/s of each training epoch (one unmeasured warm-up epoch first). */
    private double[] measure(DataSplits splits, TrainingConfig config, TrainingListener publishing) {
        ModelSpec spec = new ModelSpec(splits.features(), config.hidden(), splits.numClasses(), Precision.FLOAT32);
        List<Double> rates = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord e) {
                rates.add(e.samplesPerSecond());
            }
        };
        try (Model model = Backends.byName(backend).create(spec, KaimingInit.initialise(spec, 1))) {
            new TrainingLoop(model, splits, config.withMaxEpochs(1), new TrainingListener() { }, null).run();
            TrainingListener listener = publishing == null ? recorder
                    : new dev.gradstream.core.training.CompositeListener(List.of(publishing, recorder));
            new TrainingLoop(model, splits, config, listener, null).run();
        }
        return rates.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String format(double[] v) {
        StringBuilder sb = new StringBuilder("epochs:");
        for (double x : v) {
            sb.append(String.format(Locale.ROOT, " %,.0f", x));
        }
        return sb.toString();
    }
}
