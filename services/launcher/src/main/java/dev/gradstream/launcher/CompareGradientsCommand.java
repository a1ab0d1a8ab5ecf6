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

    @Mixin
    DataOptions dataset;

    @Option(names = "--reference", defaultValue = "scratch", description = "Reference backend (default: ${DEFAULT-VALUE}).")
    String reference;

    @Option(names = "--other", defaultValue = "nd4j", description = "Compared backend (default: ${DEFAULT-VALUE}).")
    String other;

    @Mixin
    HiddenOption hidden;

    @Mixin
    BatchSizeOption batch;

    @Mixin
    RunsDirOption runs;

    @Override
    public Integer call() {
        TaskSpec task = new TaskSpec.Classify();
        TrainingConfig config = new TrainingConfig(hidden.widthsFor(TaskSpec.defaults(task.name())), 0.01, 0.9,
                batch.batchSize, 1, dataset.seed, 0.2, Precision.FLOAT32);
        DataSplits splits = DataSets.load(dataset.data, config.validationFraction(), dataset.seed);
        Session session = Session.create(runs.dir);
        Path dir = session.runDir(task.name(), "compare");
        try (Stack stack = Stack.start(bus.withKafkaDirUnder(runs.dir), System.out)) {
            stack.compareGradients(task, reference, other, config, splits, session.runId(task.name(), "compare"), dir,
                    System.out);
        }
        System.out.println("saved in " + dir);
        return ExitCodes.OK;
    }
}
