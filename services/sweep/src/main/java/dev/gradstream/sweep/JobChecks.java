package dev.gradstream.sweep;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.SweepJob;
import dev.gradstream.events.v1.Task;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What makes a well-formed job impossible to train on this worker, found before any training starts: an
 * unknown backend or task (e.g. a value added by a newer coordinator), or a data folder or GloVe file that
 * does not exist here. Such a job ends as a {@code failed} result naming the value, not as a retry.
 */
final class JobChecks {

    private JobChecks() {
    }

    /** Why {@code job} cannot run here, naming the field and value; null when it can. */
    static String problem(SweepJob job) {
        if (job.getBackend() != Backend.BACKEND_SCRATCH && job.getBackend() != Backend.BACKEND_ND4J) {
            return "job " + job.getJobId() + ": unknown backend " + enumName(job.getBackendValue(), job.getBackend())
                    + "; available: scratch, nd4j";
        }
        if (job.getTask() != Task.TASK_CLASSIFY && job.getTask() != Task.TASK_EMBED) {
            return "job " + job.getJobId() + ": unknown task " + enumName(job.getTaskValue(), job.getTask())
                    + "; available: classify, embed";
        }
        if (!job.getDataDir().isEmpty() && !Files.isDirectory(Path.of(job.getDataDir()))) {
            return "job " + job.getJobId() + ": data_dir " + job.getDataDir() + " is not a directory on this worker";
        }
        String glove = job.getConfig().getWordVectorsSource();
        if (job.getTask() == Task.TASK_EMBED && !glove.isEmpty() && !Files.isRegularFile(Path.of(glove))) {
            return "job " + job.getJobId() + ": word_vectors_source " + glove + " is not a file on this worker";
        }
        return null;
    }

    private static String enumName(int value, Enum<?> e) {
        return e.name().equals("UNRECOGNIZED") ? "value " + value : e.name();
    }
}
