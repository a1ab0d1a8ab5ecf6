package dev.gradstream.launcher;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.sweep.SweepCoordinator;
import dev.gradstream.sweep.SweepPlan;
import dev.gradstream.sweep.SweepReport;
import dev.gradstream.sweep.SweepSpace;
import dev.gradstream.sweep.SweepWorker;
import dev.gradstream.sweep.SweepWorkers;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream sweep}: a depth search, the hyperparameter grid or any grid, one run per configuration,
 * distributed as jobs through Kafka to the sweep workers (in this process and any {@code sweep-worker}
 * processes in the same group); prints and saves the results table and names the best configuration.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, subcommands = SweepCancelCommand.class,
        description = {"Train every configuration of a search as its own run, distributed to sweep workers "
                + "through Kafka, and tabulate the results.",
                "Searches: depth (1, 2, 3 hidden layers of 128), grid (lr 0.001,0.01,0.1 x momentum 0.8,0.9 x "
                        + "batch 32,64,128). --hidden/--lr/--momentum/--batch-size replace a search's axis; "
                        + "with --search none they alone make the grid.",
                "--data and --glove must exist at the same path on every worker."})
final class SweepCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(names = "--search", split = ",", defaultValue = "grid",
            description = "depth, grid, both (depth,grid) or none (default: ${DEFAULT-VALUE}).")
    List<String> searches;

    @Mixin
    TaskAndBackendOptions kind;

    @Option(names = "--hidden", paramLabel = "W[,W...]",
            description = "An architecture to try, e.g. 128,128; repeat for several (default: the task's).")
    List<String> hidden = new ArrayList<>();

    @Option(names = {"--lr", "--learning-rate"}, split = ",", description = "Learning rates to try.")
    List<Double> learningRates = new ArrayList<>();

    @Option(names = "--momentum", split = ",", description = "Momenta to try.")
    List<Double> momenta = new ArrayList<>();

    @Option(names = "--batch-size", split = ",", description = "Batch sizes to try.")
    List<Integer> batchSizes = new ArrayList<>();

    @Mixin
    EpochsOption epochs = new EpochsOption(20);

    @Mixin
    DataOptions dataset;

    @Mixin
    ValidationAndPrecisionOptions split;

    @Mixin
    WordNetOptions wordNet;

    @Mixin
    WorkersOption workers;

    @Option(names = "--bench-workers", split = ",", paramLabel = "N[,N...]",
            description = "Benchmark: run the same sweep once per worker count in this process and print the wall "
                    + "times and their ratios (e.g. 1,2).")
    List<Integer> benchWorkers = new ArrayList<>();

    @Mixin
    RunsDirOption runs;

    @Option(names = "--timeout-minutes", defaultValue = "1440",
            description = "Give up when the results are not all in after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Override
    public Integer call() throws InterruptedException {
        List<TrainingConfig> configs = configurations();
        Backends.byName(kind.backend); // a misspelt backend fails here, not on every worker
        if (dataset.data != null && !Files.isDirectory(dataset.data)) {
            throw new IllegalArgumentException("--data " + dataset.data + ": not a directory");
        }
        if (workers.count < 0) {
            throw new IllegalArgumentException("--workers must be 0 or more, got " + workers.count);
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "sweep: %s / %s, %d configurations of %d epochs%n", kind.task, kind.backend,
                configs.size(), epochs.count);
        try (Stack stack = Stack.start(bus.withKafkaDirUnder(runs.dir), out)) {
            KafkaClients clients = stack.clients();
            if (benchWorkers.isEmpty()) {
                SweepReport report = sweep(clients, stack, configs, workers.count, out);
                return report.best().isPresent() ? ExitCodes.OK : ExitCodes.RUN_FAILED;
            }
            List<Double> walls = new ArrayList<>();
            for (int n : benchWorkers) {
                if (n < 1) {
                    throw new IllegalArgumentException("--bench-workers needs counts of at least 1, got " + n);
                }
                walls.add(sweep(clients, stack, configs, n, out).wallSeconds());
            }
            printBench(out, configs.size(), walls);
            return ExitCodes.OK;
        }
    }

    private SweepReport sweep(KafkaClients clients, Stack stack, List<TrainingConfig> configs, int workerCount,
                              PrintStream out) throws InterruptedException {
        Session session = Session.create(runs.dir);
        String task = kind.task;
        SweepPlan plan = new SweepPlan(session.id(), kind.backend, task, configs, dataset.data == null ? ""
                : dataset.data.toAbsolutePath().toString(), task.equals("embed") ? new SweepPlan.WordNet(
                TaskSpec.defaults(task).wordHidden(), TaskSpec.defaults(task).embedDim(), wordNet.trainWordNet,
                wordNet.glove == null ? "" : wordNet.glove.toAbsolutePath().toString()) : null);
        // On a private in-process broker, jobs of an earlier, interrupted sweep have no one else to wait for.
        boolean privateBroker = bus.bootstrapServers == null;
        SweepWorker.Settings settings = new SweepWorker.Settings(SweepWorker.GROUP,
                SweepWorker.Settings.defaults().lockDuration(), SweepWorker.Settings.defaults().deliveryLimit(),
                privateBroker ? plan.sweepId() : null);
        SweepWorkers local = workerCount == 0 ? null
                : SweepWorkers.start(stack.bootstrapServers(), bus.kafkaProperties, workerCount, runs.dir, settings);
        try {
            if (local != null && !local.awaitAssignment(60, TimeUnit.SECONDS)) {
                throw new BusException("the sweep workers could not join their share group within 60 s");
            }
            if (local == null) {
                out.println("no workers in this process: start them with `gradstream sweep-worker --bootstrap-servers "
                        + stack.bootstrapServers() + "`");
            }
            SweepReport report;
            try (CancelOnInterrupt ignored = CancelOnInterrupt.install(clients, plan.sweepId(), out)) {
                report = SweepCoordinator.run(clients, plan, session.dir(), out, Duration.ofMinutes(timeoutMinutes));
            }
            report.print(out);
            out.println("results: " + session.dir().resolve(SweepReport.CSV) + ", "
                    + session.dir().resolve(SweepReport.MARKDOWN));
            return report;
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }

    /** Every sweep's wall time, then per worker count the fastest of its sweeps and the speed-up over the first count. */
    private void printBench(PrintStream out, int configurations, List<Double> walls) {
        out.println();
        out.printf(Locale.ROOT, "sweep wall times (%d configurations, %d epochs each, %d cores):%n", configurations,
                epochs.count, Runtime.getRuntime().availableProcessors());
        java.util.Map<Integer, Double> fastest = new java.util.LinkedHashMap<>();
        for (int i = 0; i < walls.size(); i++) {
            out.printf(Locale.ROOT, "  sweep %d: %d worker(s) %7.1f s%n", i + 1, benchWorkers.get(i), walls.get(i));
            fastest.merge(benchWorkers.get(i), walls.get(i), Math::min);
        }
        double reference = fastest.get(benchWorkers.get(0));
        fastest.forEach((n, wall) -> out.printf(Locale.ROOT,
                "  %d worker(s): fastest %7.1f s   speed-up over %d worker(s): %.2fx%n", n, wall, benchWorkers.get(0),
                reference / wall));
    }

    /** The configurations of the chosen searches, their axes replaced by the ones given here. */
    List<TrainingConfig> configurations() {
        TaskSpec.Defaults defaults = TaskSpec.defaults(kind.task);
        TrainingConfig base = new TrainingConfig(defaults.hidden(), defaults.learningRate(), 0.9, 64, epochs.count, dataset.seed,
                split.validationFraction, split.parsedPrecision());
        SweepSpace given = new SweepSpace(hidden.stream().map(SweepSpace::parseWidths).toList(), learningRates,
                momenta, batchSizes);
        List<SweepSpace> spaces = new ArrayList<>();
        for (String s : searches) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> spaces.add(given);
                case "both" -> {
                    spaces.add(SweepSpace.DEPTH.overriddenBy(given));
                    spaces.add(SweepSpace.GRID.overriddenBy(given));
                }
                default -> spaces.add(SweepSpace.preset(s).overriddenBy(given));
            }
        }
        return SweepSpace.union(spaces, base);
    }
}
