package dev.gradstream.launcher;

import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gradstream train}: one Part I run per backend, through Kafka, evaluated, with a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the Part I classifier and stream every batch and epoch through Kafka.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder: the assignment's .npy layout or an IDX layout such as Fashion-MNIST "
                    + "(default: the bundled 5-class QuickDraw subset).")
    Path data;

    @Option(names = "--backend", split = ",", defaultValue = "scratch,nd4j",
            description = "Backends to train side by side, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--hidden", split = ",", defaultValue = "128,128,128",
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"--lr", "--learning-rate"}, defaultValue = "0.01",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for splits, init and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-fraction", defaultValue = "0.2",
            description = "Share of the training pool held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--precision", defaultValue = "float32", description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--runs-dir", defaultValue = "runs", paramLabel = "DIR",
            description = "Where run directories are created (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--quiet", description = "No per-epoch lines.")
    boolean quiet;

    @Override
    public Integer call() {
        TrainingConfig config = new TrainingConfig(hidden, learningRate, momentum, batchSize, epochs, seed,
                validationFraction, Precision.parse(precision));
        DataSplits splits = DataSets.load(data, validationFraction, seed);
        System.out.printf("data: %s, %d classes %s; %d train / %d validation / %d test%n", splits.name(),
                splits.numClasses(), splits.classNames(), splits.train().count(), splits.validation().count(),
                splits.test().count());
        try (Stack stack = Stack.start(bus.withKafkaDirUnder(runsDir), System.out)) {
            List<RunResult> results = stack.train(new TaskSpec.Classify(), backends, config, splits,
                    Session.create(runsDir), quiet ? null : System.out);
            Reports.printTestTable(System.out, results);
            return exitCode(results);
        }
    }

    static int exitCode(List<RunResult> results) {
        int code = ExitCodes.OK;
        for (RunResult r : results) {
            int c = switch (r.outcome().status()) {
                case COMPLETED -> ExitCodes.OK;
                case DIVERGED -> ExitCodes.DIVERGED;
                case FAILED -> ExitCodes.RUN_FAILED;
            };
            code = Math.max(code, c);
        }
        return code;
    }

    /** Used by {@link RunOutcome} consumers that only need the status. */
    static boolean completed(RunOutcome o) {
        return o.status() == RunOutcome.Status.COMPLETED;
    }
}
