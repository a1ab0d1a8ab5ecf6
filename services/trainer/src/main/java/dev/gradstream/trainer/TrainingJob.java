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
 */
public record TrainingJob(String runId, String backend, TaskSpec task, TrainingConfig config, DataSplits data, Path runDir,
                          PrintStream progress) {
}
