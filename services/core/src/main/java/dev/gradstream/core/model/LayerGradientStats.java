package dev.gradstream.core.model;

/**
 * Statistics of one dense layer's gradient (weights and bias together) at one optimizer step.
 *
 * @param layer       0-based layer index
 * @param l2Norm      L2 norm of the whole gradient
 * @param meanAbs     mean of |g|
 * @param maxAbs      max of |g|
 * @param updateRatio ||update|| / ||parameters before the update||
 */
public record LayerGradientStats(int layer, double l2Norm, double meanAbs, double maxAbs, double updateRatio) {
}
