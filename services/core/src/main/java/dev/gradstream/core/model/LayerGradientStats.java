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

    /** Indices into a layer's sums (see {@link #of}): sum g^2, sum |g|, max |g|, sum v^2, sum w^2. */
    public static final int GRAD_SQUARES = 0, GRAD_ABS_SUM = 1, GRAD_ABS_MAX = 2, VELOCITY_SQUARES = 3,
            PARAM_SQUARES = 4, SUMS = 5;

    /**
     * The statistics of a momentum step {@code v = mu * v + g; w -= lr * v} over {@code count} parameters,
     * from its sums at {@code sums[at ..]}: {@code l2Norm = sqrt(sum g^2)}, {@code meanAbs = sum |g| / count},
     * {@code maxAbs = max |g|} and {@code updateRatio = lr * sqrt(sum v^2) / sqrt(sum w^2)} with v the new
     * velocity and w the parameters before the step (0 when both norms are 0, infinite when only the
     * parameters' is).
     */
    public static LayerGradientStats of(int layer, double[] sums, int at, int count, double learningRate) {
        double update = learningRate * Math.sqrt(sums[at + VELOCITY_SQUARES]);
        double params = Math.sqrt(sums[at + PARAM_SQUARES]);
        double ratio = params > 0 ? update / params : update > 0 ? Double.POSITIVE_INFINITY : 0.0;
        return new LayerGradientStats(layer, Math.sqrt(sums[at + GRAD_SQUARES]), sums[at + GRAD_ABS_SUM] / count,
                sums[at + GRAD_ABS_MAX], ratio);
    }

    /** The statistics of a frozen layer, which the optimizer never steps: all zeros. */
    public static LayerGradientStats frozen(int layer) {
        return new LayerGradientStats(layer, 0, 0, 0, 0);
    }
}
