package dev.gradstream.launcher;

import dev.gradstream.bus.Topics;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.Event;
import dev.gradstream.trainer.ResumeStore;
import dev.gradstream.trainer.RunConfigFile;
import dev.gradstream.trainer.TrainingJob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code gradstream resume RUN_DIR}: continues an interrupted run from its last resume checkpoint (the end
 * of its last complete epoch), with the same configuration, data and batch order. Its events continue
 * the run in Kafka: the interrupted epoch's events already published are regenerated identically and
 * not sent again, so every (run, epoch, batch) is in Kafka exactly once.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted run from its last complete epoch.")
final class ResumeCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run's directory, e.g. runs/<session>/classify-scratch.")
    Path runDir;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        RunConfigFile config = RunConfigFile.read(runDir);
        String runId = config.runId();
        TrainingConfig training = config.training();
        Path dataDir = config.dataset().dir();
        DataSplits data = DataSets.load(dataDir, training.validationFraction(), training.seed());
        if (!data.fingerprint().equals(config.dataset().fingerprint())) {
            throw new IllegalArgumentException(runDir + ": the data set changed since the run started (fingerprint "
                    + data.fingerprint() + ", the run has " + config.dataset().fingerprint() + ")");
        }
        TaskSpec task = config.taskSpec(data.classNames());
        ResumeStore.Saved saved = ResumeStore.load(runDir);
        // runs/<session>/<task>-<backend>: the broker log of the original run lives in runs/.kafka.
        Path runsDir = runDir.toAbsolutePath().getParent().getParent();
        try (Stack stack = Stack.start(bus.withKafkaDirUnder(runsDir), System.out)) {
            List<Event> published = StoredEvents.read(stack.clients(),
                    List.of(Topics.RUNS, Topics.BATCHES, Topics.EPOCHS, Topics.PREDICTIONS), runId::equals);
            if (published.stream().anyMatch(Event::hasRunFinished)) {
                throw new IllegalArgumentException("run " + runId + " has already finished: nothing to resume");
            }
            long publishedThrough = published.stream().mapToLong(e -> e.getHeader().getSequence()).max().orElse(-1);
            System.out.printf("resuming %s after epoch %d of %d (events up to sequence %d are in Kafka)%n", runId,
                    saved.point().epochsDone(), training.maxEpochs(), publishedThrough);
            TrainingJob job = new TrainingJob(runId, config.backend(), task, training, data, runDir, progress.progress(),
                    dataDir, new TrainingJob.Resume(saved, publishedThrough));
            List<RunResult> results = stack.run(List.of(job));
            Reports.printTestTable(System.out, results);
            return ExitCodes.of(results);
        }
    }
}
