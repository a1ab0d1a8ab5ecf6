package dev.gradstream.core.training;

import dev.gradstream.core.data.DataSplits;

/**
 * Hooks the {@link TrainingLoop} calls, in this order: {@code onRunStart}, then per epoch one
 * {@code onBatch} per mini-batch, {@code onEpoch}, {@code onPredictions(VALIDATION)}, {@code onEpochEnd};
 * finally {@code onPredictions(TEST)} for the best epoch (when one completed) and {@code onRunEnd}. A
 * resumed run calls {@code onRunResumed} instead of {@code onRunStart}.
 * Publishing, printing and file writing live in listeners, never inside the maths. Called on the
 * training thread; a listener that throws ends the run as failed.
 */
public interface TrainingListener {

    default void onRunStart(TrainingConfig config, DataSplits data) {
    }

    /** Instead of {@code onRunStart} when the run resumes after {@code epochsDone} epochs. */
    default void onRunResumed(TrainingConfig config, DataSplits data, int epochsDone) {
    }

    default void onBatch(BatchRecord batch) {
    }

    default void onEpoch(EpochRecord epoch) {
    }

    /**
     * Scores of a whole split.
     *
     * @param scores row-major {@code labels.length x numClasses}
     */
    default void onPredictions(Split split, int epoch, int[] labels, float[] scores, int numClasses) {
    }

    /** After every other call of an epoch: the state a resume checkpoint saves. */
    default void onEpochEnd(TrainingState state) {
    }

    default void onRunEnd(RunOutcome outcome) {
    }
}
