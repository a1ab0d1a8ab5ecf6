package dev.gradstream.core.training;

import dev.gradstream.core.model.ParameterSet;

/**
 * Where a resumed run picks up: after {@code epochsDone} complete epochs, at global step {@code step},
 * with the best epoch so far and its weights. The model itself is restored (parameters and momentum)
 * before the loop starts.
 *
 * @param best weights of {@code bestEpoch}, or null when no epoch completed
 */
public record ResumePoint(int epochsDone, long step, int bestEpoch, double bestValidationLoss, ParameterSet best) {
}
