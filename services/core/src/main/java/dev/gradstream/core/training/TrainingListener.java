package dev.gradstream.core.training;

import dev.gradstream.core.data.DataSplits;

/**
 * Hooks the {@link TrainingLoop} calls, in this order: {@code onRunStart}, then per epoch one
 * {@code onBatch} per mini-batch, {@code onEpoch}, {@code onPredictions(VALIDATION)}; finally
 * {@code onPredictions(TEST)} for the best epoch (when one completed) and {@code onRunEnd}.
 * Publishing, printing and file writing live in listeners, never inside the maths. Called on the
 * training thread; a listener that throws ends the run as failed.
 */
public interface TrainingListener {

    default void onRunStart(TrainingConfig config, DataSplits data) {
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

    default void onRunEnd(RunOutcome outcome) {
    }
}
