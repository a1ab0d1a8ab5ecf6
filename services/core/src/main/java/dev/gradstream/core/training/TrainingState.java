package dev.gradstream.core.training;

import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ParameterSet;

/**
 * The loop's state at the end of an epoch, after every listener call of that epoch: what a resume
 * checkpoint must hold. {@code model} is live: read its parameters and velocities during the call.
 *
 * @param epoch 1-based epoch just completed
 * @param step  the next global step
 * @param best  weights of {@code bestEpoch} (not a copy: do not modify)
 */
public record TrainingState(int epoch, long step, int bestEpoch, double bestValidationLoss, ParameterSet best,
                            Model model) {
}
