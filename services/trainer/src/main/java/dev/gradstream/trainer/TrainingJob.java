package dev.gradstream.trainer;

import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Everything one trainer needs to train one run.
 *
 * @param runId    unique id of the run; the Kafka key of all its events
 * @param backend  backend name ("scratch", "nd4j")
 * @param task     classify (Part I) or embed (Part II)
 * @param config   hyperparameters
 * @param data     the data set, already split
 * @param runDir   directory for the run's files (config, checkpoint, curves, predictions)
 * @param progress where per-epoch progress lines go, or null for none
 * @param dataDir  the data folder as given on the command line, or null for the bundled set (recorded in
 *                 config.json so that the run can be resumed)
 * @param resume   where a resumed run picks up, or null for a fresh run
 */
public record TrainingJob(String runId, String backend, TaskSpec task, TrainingConfig config, DataSplits data, Path runDir,
                          PrintStream progress, Path dataDir, Resume resume) {

    /**
     * A resumed run's saved state, and the highest sequence number of its events already in Kafka (the
     * events of the interrupted epoch up to there are regenerated identically and not sent again).
     */
    public record Resume(ResumeStore.Saved saved, long publishedThrough) {
    }

    /** A fresh run on the bundled data or data whose folder need not be recorded. */
    public TrainingJob(String runId, String backend, TaskSpec task, TrainingConfig config, DataSplits data, Path runDir,
                       PrintStream progress) {
        this(runId, backend, task, config, data, runDir, progress, null, null);
    }
}
