package dev.gradstream.launcher;

import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.events.v1.EvaluationResult;
import java.nio.file.Path;

/**
 * One finished run as the command line reports it.
 *
 * @param test the evaluator's result on the test split, or null if none arrived
 */
record RunResult(String runId, String task, String backend, Path runDir, RunOutcome outcome, EvaluationResult test) {
}
