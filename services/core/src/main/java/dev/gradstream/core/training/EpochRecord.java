package dev.gradstream.core.training;

/**
 * What one epoch did.
 *
 * @param epoch              1-based
 * @param maxEpochs          the run's epoch budget
 * @param trainLoss          mean of the epoch's batch losses, weighted by batch size
 * @param trainAccuracy      share of training samples the model got right as it trained
 * @param validationLoss     mean loss on the validation split after the epoch
 * @param validationAccuracy accuracy on the validation split after the epoch
 * @param durationSeconds    seconds spent on the epoch's training steps
 * @param samplesPerSecond   training samples per second
 * @param bestSoFar          lowest validation loss so far (these weights are checkpointed)
 */
public record EpochRecord(int epoch, int maxEpochs, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double durationSeconds, double samplesPerSecond,
                          boolean bestSoFar) {
}
