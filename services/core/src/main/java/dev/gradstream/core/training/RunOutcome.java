package dev.gradstream.core.training;

/**
 * How a run ended.
 *
 * @param status             completed, diverged (loss NaN/infinite) or failed
 * @param bestEpoch          1-based epoch whose weights were kept; 0 if no epoch completed
 * @param bestValidationLoss its validation loss (NaN if none)
 * @param epochsCompleted    epochs fully trained
 * @param testLoss           loss of the best weights on the test split (NaN if not evaluated)
 * @param testAccuracy       accuracy of the best weights on the test split (NaN if not evaluated)
 * @param reason             why it ended, in words
 */
public record RunOutcome(Status status, int bestEpoch, double bestValidationLoss, int epochsCompleted,
                         double testLoss, double testAccuracy, String reason) {

    /** Terminal states of a run. */
    public enum Status {
        COMPLETED,
        DIVERGED,
        FAILED
    }
}
