package dev.gradstream.sweep;

import dev.gradstream.trainer.RunConfigs;
import dev.gradstream.trainer.RunExecution;
import dev.gradstream.trainer.TrainingJob;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.data.ClassEmbeddings;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.metrics.ClassificationReport;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepJob;
import dev.gradstream.events.v1.SweepResult;
import dev.gradstream.events.v1.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Trains the run of one sweep job through {@link RunExecution}, exactly as the trainer service trains a run
 * (same wiring, events, run directory and failure handling), and measures it for the sweep's table. Data sets are loaded once per
 * (folder, validation fraction, seed) and shared by every worker of the process: training only reads them.
 * Thread-safe.
 */
final class JobRunner {

    /** How an attempt ended: its channel (to publish the result in the run's sequence) and the result. */
    record Finished(RunChannel channel, SweepResult result) {
    }

    private record DataKey(String dir, double validationFraction, long seed) {
    }

    private final Path runsDir;
    private final Map<DataKey, DataSplits> data = new ConcurrentHashMap<>();

    /** @param runsDir where each attempt's run directory goes: {@code runsDir/<sweep id>/<rest of run id>} */
    JobRunner(Path runsDir) {
        this.runsDir = runsDir;
    }

    /**
     * Trains {@code job} as a new run (id: the job's run id prefix plus a random attempt suffix).
     *
     * @param started receives the run as soon as it exists, so that the caller can stop it
     */
    Finished run(SweepJob job, String worker, EventPublisher publisher, Consumer<RunExecution> started) {
        String runId = job.getRunId() + "-" + UUID.randomUUID().toString().substring(0, 4);
        Path runDir = runsDir.resolve(job.getSweepId()).resolve(runId.substring(job.getSweepId().length() + 1));
        RunChannel channel = new RunChannel(publisher, runId, job.getBackend(), job.getTask(), 0);
        SweepResult.Builder result = SweepResult.newBuilder()
                .setSweepId(job.getSweepId())
                .setJobId(job.getJobId())
                .setJobIndex(job.getJobIndex())
                .setJobCount(job.getJobCount())
                .setRunId(runId)
                .setConfig(job.getConfig())
                .setWorker(worker)
                .setRunDir(runDir.toAbsolutePath().toString());
        long t0 = System.nanoTime();
        try {
            String backendName = backendName(job);
            TrainingConfig config = RunConfigs.fromProto(job.getConfig());
            DataSplits splits = data.computeIfAbsent(new DataKey(job.getDataDir(), config.validationFraction(),
                    config.seed()), k -> DataSets.load(k.dir.isEmpty() ? null : Path.of(k.dir), k.validationFraction,
                    k.seed));
            TaskSpec task = RunConfigs.task(job.getTask(), job.getConfig(), splits.classNames());
            ResultCollector collector = new ResultCollector();
            TrainingJob training = new TrainingJob(runId, backendName, task, config, splits, runDir, null,
                    job.getDataDir().isEmpty() ? null : Path.of(job.getDataDir()), null);
            RunExecution execution = new RunExecution(training, channel, List.of(collector));
            started.accept(execution);
            RunOutcome outcome = execution.run();
            result.setStatus(status(outcome.status()))
                    .setBestEpoch(outcome.bestEpoch())
                    .setBestValidationLoss(outcome.bestValidationLoss())
                    .setBestValidationAccuracy(collector.bestValidationAccuracy())
                    .setTestLoss(outcome.testLoss())
                    .setTestAccuracy(outcome.testAccuracy())
                    .setReason(outcome.reason());
            ClassificationReport test = collector.test();
            result.setTestF1Macro(test == null ? Double.NaN : test.f1Macro())
                    .setTestRocAucMacro(test == null ? Double.NaN : test.rocAucMacro())
                    .setTestPrAucMacro(test == null ? Double.NaN : test.prAucMacro());
        } catch (RuntimeException e) {
            // Bad job or broken worker: the job still ends, as failed, with the reason for the table. A run that
            // failed while training has already said so (RunExecution); one that never started says it here.
            if (!(e instanceof RunExecution.Failed)) {
                RunExecution.publishFailure(channel, e);
            }
            Throwable cause = e instanceof RunExecution.Failed ? e.getCause() : e;
            result.setStatus(RunStatus.RUN_STATUS_FAILED)
                    .setReason(cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .setBestValidationLoss(Double.NaN).setBestValidationAccuracy(Double.NaN)
                    .setTestLoss(Double.NaN).setTestAccuracy(Double.NaN).setTestF1Macro(Double.NaN)
                    .setTestRocAucMacro(Double.NaN).setTestPrAucMacro(Double.NaN);
        }
        result.setDurationSeconds((System.nanoTime() - t0) / 1e9);
        return new Finished(channel, result.build());
    }

    private static String backendName(SweepJob job) {
        if (job.getBackend() == dev.gradstream.events.v1.Backend.BACKEND_UNSPECIFIED) {
            throw new IllegalArgumentException("job " + job.getJobId() + " names no backend");
        }
        return dev.gradstream.bus.EventNames.backend(job.getBackend());
    }

    private static RunStatus status(RunOutcome.Status s) {
        return switch (s) {
            case COMPLETED -> RunStatus.RUN_STATUS_COMPLETED;
            case DIVERGED -> RunStatus.RUN_STATUS_DIVERGED;
            case FAILED -> RunStatus.RUN_STATUS_FAILED;
        };
    }
}
