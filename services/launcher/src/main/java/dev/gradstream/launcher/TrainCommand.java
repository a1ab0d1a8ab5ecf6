package dev.gradstream.launcher;

import dev.gradstream.core.data.ClassEmbeddings;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.trainer.FirstIterationComparison;
import dev.gradstream.trainer.TrainingJob;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream train}: the assignment's tasks (Part I classify, Part II embed), each trained by every
 * chosen backend side by side through Kafka, evaluated, with a run directory per run.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train Part I (classify) and/or Part II (embed) on each backend and stream every batch and "
                + "epoch through Kafka.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Mixin
    MonitorOptions monitorOptions;

    @Option(names = "--services", split = ",", defaultValue = "evaluator,monitor,liveview",
            description = "In-process services beside the trainers: evaluator, monitor, liveview (default: "
                    + "${DEFAULT-VALUE}). A trainer-only process, e.g. a container beside evaluator and monitor "
                    + "services, keeps just liveview; the metrics port then answers /health.")
    List<String> services;

    @Option(names = "--task", split = ",", defaultValue = "classify,embed",
            description = "Tasks to train, in order: classify (Part I), embed (Part II) (default: ${DEFAULT-VALUE}).")
    List<String> tasks;

    @Mixin
    DataOptions dataset;

    @Option(names = "--backend", split = ",", defaultValue = "scratch,nd4j",
            description = "Backends to train side by side, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Mixin
    HiddenOption hidden;

    @Mixin
    EpochsOption epochs = new EpochsOption(30);

    @Option(names = {"--lr", "--learning-rate"},
            description = "Learning rate (default: 0.01 for classify, 0.1 for embed).")
    Double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Mixin
    BatchSizeOption batch;

    @Mixin
    ValidationAndPrecisionOptions split;

    @Mixin
    WordNetOptions wordNet;

    @Option(names = "--embed-dim", defaultValue = "32", description = "Embedding size (embed; default: ${DEFAULT-VALUE}).")
    int embedDim;

    @Option(names = "--word-hidden", split = ",", defaultValue = "32",
            description = "Hidden widths of the word MLP (embed; default: ${DEFAULT-VALUE}).")
    int[] wordHidden;

    @Mixin
    RunsDirOption runs;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        Precision p = split.parsedPrecision();
        List<TrainingConfig> configs = new ArrayList<>();
        for (String name : tasks) {
            TaskSpec.Defaults defaults = TaskSpec.defaults(name);
            configs.add(new TrainingConfig(hidden.widthsFor(defaults),
                    learningRate != null ? learningRate : defaults.learningRate(), momentum, batch.batchSize,
                    epochs.count, dataset.seed, split.validationFraction, p));
        }
        DataSplits splits = DataSets.load(dataset.data, split.validationFraction, dataset.seed);
        List<TaskSpec> specs = new ArrayList<>();
        for (String name : tasks) { // an embed task needs the data's class names for its word vectors
            if (name.equals("embed")) {
                ClassEmbeddings words = ClassEmbeddings.load(splits.classNames(), wordNet.glove);
                specs.add(new TaskSpec.Embed(wordHidden, embedDim, words.dimension(), words.vectors(), wordNet.trainWordNet,
                        words.source()));
            } else {
                specs.add(new TaskSpec.Classify());
            }
        }
        System.out.printf("data: %s, %d classes %s; %d train / %d validation / %d test%n", splits.name(),
                splits.numClasses(), splits.classNames(), splits.train().count(), splits.validation().count(),
                splits.test().count());
        Session session = Session.create(runs.dir);
        Stack.requireBackends(backends);
        // The broker starts while this thread computes each task's first-iteration gradient comparison.
        CompletableFuture<Stack> starting = CompletableFuture.supplyAsync(() -> Stack.start(
                bus.withKafkaDirUnder(runs.dir), monitorOptions.inProcess(bus.bootstrapServers != null),
                Stack.services(services), System.out));
        List<List<FirstIterationComparison.Result>> comparisons = new ArrayList<>();
        try {
            for (int i = 0; backends.size() > 1 && i < specs.size(); i++) {
                comparisons.add(FirstIterationComparison.run(backends.get(0), backends.get(1), specs.get(i),
                        configs.get(i), splits, Stack.COMPARED));
            }
        } catch (RuntimeException | Error e) {
            starting.thenAccept(Stack::close);
            throw e;
        }
        try (Stack stack = started(starting)) {
            PrintStream lines = progress.progress();
            List<TrainingJob> jobs = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                if (!comparisons.isEmpty()) {
                    stack.publishComparison(specs.get(i), backends.get(0), backends.get(1), configs.get(i).batchSize(),
                            session, comparisons.get(i), lines);
                }
                jobs.addAll(Stack.jobs(specs.get(i), backends, configs.get(i), splits, dataset.data, session, lines));
            }
            List<RunResult> results = stack.run(jobs); // every task's runs side by side
            ReportCommand.writeAfterTraining(session.dir(), System.out); // the session's report.html
            Reports.printTestTable(System.out, results);
            System.out.println("session: " + session.dir());
            return ExitCodes.of(results);
        }
    }

    /** The stack once started, or the exception that stopped it, as thrown by {@link Stack#start}. */
    private static Stack started(CompletableFuture<Stack> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
