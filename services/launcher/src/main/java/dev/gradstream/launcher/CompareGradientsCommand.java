package dev.gradstream.launcher;

import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gradstream compare-gradients}: the first-iteration gradient comparison on its own. */
@Command(name = "compare-gradients", mixinStandardHelpOptions = true,
        description = "Compare two backends' gradients at the first iteration (identical weights and first "
                + "mini-batch), in float32 and float64.")
final class CompareGradientsCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: the bundled QuickDraw subset).")
    Path data;

    @Option(names = "--reference", defaultValue = "scratch", description = "Reference backend (default: ${DEFAULT-VALUE}).")
    String reference;

    @Option(names = "--other", defaultValue = "nd4j", description = "Compared backend (default: ${DEFAULT-VALUE}).")
    String other;

    @Option(names = "--hidden", split = ",", defaultValue = "128,128,128",
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Mixin
    BatchSizeOption batch;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--runs-dir", defaultValue = "runs", paramLabel = "DIR",
            description = "Where the comparison's directory is created (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Override
    public Integer call() {
        TrainingConfig config = new TrainingConfig(hidden, 0.01, 0.9, batch.batchSize, 1, seed, 0.2, Precision.FLOAT32);
        DataSplits splits = DataSets.load(data, config.validationFraction(), seed);
        Session session = Session.create(runsDir);
        TaskSpec task = new TaskSpec.Classify();
        Path dir = session.runDir(task.name(), "compare");
        try (Stack stack = Stack.start(bus.withKafkaDirUnder(runsDir), System.out)) {
            stack.compareGradients(task, reference, other, config, splits, session.runId(task.name(), "compare"), dir,
                    System.out);
        }
        System.out.println("saved in " + dir);
        return ExitCodes.OK;
    }
}
