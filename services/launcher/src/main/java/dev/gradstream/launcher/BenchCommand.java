package dev.gradstream.launcher;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.core.data.ClassEmbeddings;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Backend;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.CompositeListener;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.core.training.TrainingLoop;
import dev.gradstream.monitor.MonitorSettings;
import dev.gradstream.trainer.EventEnums;
import dev.gradstream.trainer.EventPublishingListener;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream bench}: training throughput of one backend on one task, and what watching the run
 * costs, measured side by side in one process on one model (the same weights carry on from phase to
 * phase, so every epoch does the same work). Three modes:
 * <ol>
 *   <li>no broker in the process;
 *   <li>publishing every batch's and epoch's events to the in-process broker, nobody consuming;
 *   <li>publishing, with the evaluator and the monitor consuming them, as in {@code train}.
 * </ol>
 * The phases run in the order 1, 2, 3, 2, 1 (each mode's epochs split around the middle), so a load that
 * drifts during the measurement weighs on every mode alike. After unmeasured warm-up epochs (at least one and
 * about {@code --warm-up-seconds} at the start, and again when the broker, then the consumers, start: the JIT
 * compiles the new code paths meanwhile) each mode gets {@code --epochs} measured epochs; samples/s counts
 * the training batches of an epoch (validation
 * scoring excluded, as in the trainer's epoch records). Prints medians, spreads and ratios; asserts nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training throughput (samples/s) with no broker, publishing every event, and "
                + "publishing with the evaluator and monitor consuming, side by side in one process.")
final class BenchCommand implements Callable<Integer> {

    static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder (default: /usr/share/datasets/fashion-mnist when installed, else the bundled set).")
    Path data;

    @Mixin
    TaskAndBackendOptions kind;

    @Option(names = "--epochs", defaultValue = "5", description = "Measured epochs per mode (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--warm-up-seconds", defaultValue = "10",
            description = "Unmeasured training at the start and whenever the broker, then the consumers, start: at "
                    + "least one epoch and about this long, so the new code paths are compiled before measuring "
                    + "(default: ${DEFAULT-VALUE}).")
    double warmUpSeconds;

    @Mixin
    BatchSizeOption batch;

    @Option(names = "--modes", split = ",", defaultValue = "none,publish,stack",
            description = "Modes to measure: none (no broker), publish (every event, nobody consuming), stack "
                    + "(publishing, evaluator and monitor consuming) (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        if (!(warmUpSeconds >= 0)) {
            throw new IllegalArgumentException("--warm-up-seconds must be 0 or more, got " + warmUpSeconds);
        }
        if (epochs < 1 || batch.batchSize < 1) {
            throw new IllegalArgumentException("--epochs and --batch-size must be positive, got " + epochs + " and "
                    + batch.batchSize);
        }
        for (String m : modes) {
            if (!List.of("none", "publish", "stack").contains(m)) {
                throw new IllegalArgumentException("unknown mode '" + m + "' in --modes; available: none, publish, stack");
            }
        }
        Backend engine = Backends.byName(kind.backend);
        Path dir = data != null ? data : Files.isDirectory(DEBIAN_FASHION_MNIST) ? DEBIAN_FASHION_MNIST : null;
        DataSplits splits = DataSets.load(dir, 0.2, 1);
        TaskSpec.Defaults defaults = TaskSpec.defaults(kind.task); // refuses an unknown task, naming the choices
        boolean embed = kind.task.equals("embed");
        TaskSpec spec = new TaskSpec.Classify();
        if (embed) { // the bundled word vectors, a frozen word net
            ClassEmbeddings words = ClassEmbeddings.load(splits.classNames(), null);
            spec = new TaskSpec.Embed(defaults.wordHidden(), defaults.embedDim(), words.dimension(), words.vectors(),
                    false, words.source());
        }
        int[] hidden = defaults.hidden();
        TrainingConfig config = new TrainingConfig(hidden, defaults.learningRate(), 0.9, batch.batchSize, epochs, 1,
                0.2, Precision.FLOAT32);
        out.printf(Locale.ROOT, "bench: %s %s on %s, %d training samples, %s, batch %d, float32, %d cores; "
                        + "%d measured epochs per mode after warm-up epochs, phases in the order %s%n",
                kind.backend, kind.task, splits.name(), splits.train().count(),
                embed ? "784-512-512-32, word 100-32-32 (frozen)" : "784-128-128-128-" + splits.numClasses(),
                batch.batchSize, Runtime.getRuntime().availableProcessors(), epochs, order());
        BenchFigures none = new BenchFigures("none", "no broker");
        BenchFigures publish = new BenchFigures("publish", "publishing every event");
        BenchFigures stack = new BenchFigures("stack", "publishing, evaluator+monitor consuming");
        int first = (epochs + 1) / 2;
        int second = epochs - first;
        try (Model model = spec.create(engine, hidden, splits.features(), splits.numClasses(), Precision.FLOAT32, 1)) {
            Phases phases = new Phases(model, splits, config, spec);
            phases.warmUp(none, null, null);
            phases.measure(none, first, null);
            if (modes.contains("publish") || modes.contains("stack")) {
                try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
                    KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
                    TopicSetup.ensureTopics(clients, 1, (short) 1);
                    phases.warmUp(publish, clients, null); // the producer's and broker's code paths compile
                    phases.measure(publish, first, clients);
                    if (modes.contains("stack")) {
                        try (Stack services = startServices(kafka)) {
                            phases.warmUp(stack, services.clients(), services); // consumers join and compile
                            phases.measure(stack, epochs, services.clients(), services);
                        }
                    }
                    phases.measure(publish, second, clients);
                }
            }
            phases.measure(none, second, null);
        }
        out.println();
        List<BenchFigures> measured = new ArrayList<>();
        for (BenchFigures f : List.of(none, publish, stack)) {
            if (f.count() > 0) {
                measured.add(f);
                out.println(kind.backend + " " + kind.task + "  " + f.line());
            }
        }
        if (none.count() > 0) {
            for (BenchFigures f : measured.subList(1, measured.size())) {
                out.println("ratio " + f.ratioTo(none));
            }
        }
        return ExitCodes.OK;
    }

    private String order() {
        List<String> names = new ArrayList<>();
        for (String m : List.of("none", "publish", "stack", "publish", "none")) {
            if (modes.contains(m)) {
                names.add(m);
            }
        }
        return String.join(", ", names);
    }

    private Stack startServices(EmbeddedKafka kafka) {
        BusOptions options = new BusOptions();
        options.bootstrapServers = kafka.bootstrapServers();
        options.metricsHost = "127.0.0.1";
        options.metricsPort = 0;
        MonitorSettings settings = MonitorSettings.defaults().withGroup("gradstream-bench-monitor-" + System.nanoTime());
        return Stack.start(options, settings, EnumSet.of(Stack.Service.EVALUATOR, Stack.Service.MONITOR), out);
    }

    /** Trains the one model phase after phase, each phase a run of its own (its own run id when published). */
    private final class Phases {
        /** Most warm-up epochs of one mode, however short its epochs. */
        private static final int MAX_WARM_UP_EPOCHS = 1000;

        private final Model model;
        private final DataSplits splits;
        private final TrainingConfig config;
        private final TaskSpec spec;
        private int phase;

        Phases(Model model, DataSplits splits, TrainingConfig config, TaskSpec spec) {
            this.model = model;
            this.splits = splits;
            this.config = config;
            this.spec = spec;
        }

        /**
         * Unmeasured training in {@code into}'s mode, if that mode is measured: one epoch, then rounds of as many
         * epochs as fill the rest of {@code --warm-up-seconds} at the last round's pace, until that long has
         * passed. (Pacing all of it on the first epoch, which runs before the JIT has compiled anything, cut a
         * 60 s warm-up to 12-24 s.)
         */
        void warmUp(BenchFigures into, KafkaClients clients, Stack services) {
            if (!modes.contains(into.key)) {
                return;
            }
            long start = System.nanoTime();
            int epochs = 0;
            int round = 1;
            double elapsed;
            while (true) {
                long roundStart = System.nanoTime();
                train(round, clients, services);
                epochs += round;
                elapsed = (System.nanoTime() - start) / 1e9;
                double pace = (System.nanoTime() - roundStart) / 1e9 / round;
                if (elapsed >= warmUpSeconds || epochs >= MAX_WARM_UP_EPOCHS) {
                    break;
                }
                round = (int) Math.min(MAX_WARM_UP_EPOCHS - epochs, Math.ceil((warmUpSeconds - elapsed) / pace));
            }
            out.printf(Locale.ROOT, "phase %d, %s: warm-up, %d epochs in %.1f s (not counted)%n", phase, into.mode,
                    epochs, elapsed);
        }

        void measure(BenchFigures into, int count, KafkaClients clients) {
            measure(into, count, clients, null);
        }

        /** {@code count} epochs into {@code into}, publishing when {@code clients} is given. */
        void measure(BenchFigures into, int count, KafkaClients clients, Stack services) {
            if (count == 0 || !modes.contains(into.key)) {
                return;
            }
            double[] rates = train(count, clients, services);
            into.add(rates);
            out.printf(Locale.ROOT, "phase %d, %s: samples/s%s%n", phase, into.mode, BenchFigures.epochs(rates));
        }

        /** Stops the bench when a phase's training ended early: its missing epochs have no rate to report. */
        private void completed(RunOutcome outcome) {
            if (outcome.status() != RunOutcome.Status.COMPLETED) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "bench: training %s in phase %d after %d epochs: %s", outcome.status().name().toLowerCase(
                                Locale.ROOT), phase, outcome.epochsCompleted(), outcome.reason()));
            }
        }

        /** Samples/s of each of {@code count} epochs. */
        double[] train(int count, KafkaClients clients, Stack services) {
            phase++;
            double[] rates = new double[count];
            int[] at = {0};
            TrainingListener recorder = new TrainingListener() {
                @Override
                public void onEpoch(EpochRecord e) {
                    rates[at[0]++] = e.samplesPerSecond();
                }
            };
            if (clients == null) {
                completed(new TrainingLoop(model, splits, config.withMaxEpochs(count), recorder, null).run());
                return rates;
            }
            String runId = "bench-" + System.currentTimeMillis() + "-" + phase;
            try (EventPublisher publisher = new EventPublisher(clients.producer("bench-" + phase))) {
                RunChannel channel = new RunChannel(publisher, runId, EventEnums.backend(kind.backend), EventEnums.task(spec), 0);
                TrainingListener publishing = new EventPublishingListener(channel, spec, Map.of("gradstream", "bench"));
                completed(new TrainingLoop(model, splits, config.withMaxEpochs(count),
                        new CompositeListener(List.of(publishing, recorder)), null).run());
                publisher.flush();
            }
            if (services != null) {
                services.awaitTest(runId); // the evaluator has caught up before the next phase starts
            }
            return rates;
        }
    }
}
