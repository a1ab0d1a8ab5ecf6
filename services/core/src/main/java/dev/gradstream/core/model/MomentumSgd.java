package dev.gradstream.core.model;

/**
 * SGD with classic (PyTorch) momentum, the optimizer of every backend: per parameter
 * {@code v = mu * v + g; w -= lr * v}, every velocity starting at zero ({@code torch.optim.SGD} with
 * dampening 0, not Nesterov).
 *
 * <p>Layers {@code 0 .. trainableLayers - 1} are stepped; the rest (a Part II model's frozen word net) are
 * left alone, their velocities stay zero and their statistics are {@link LayerGradientStats#frozen zeros}.
 *
 * <p>A backend supplies the arithmetic over its own arrays ({@link #update}) and the copies of its
 * velocities; this class turns the sums of a step into every layer's {@link LayerGradientStats}, so that
 * all backends report the same figures. Call order: {@link #step} once per mini-batch, after the model has
 * computed its gradients; {@link #reset} or {@link #restoreVelocities} at any time between steps.
 */
public abstract class MomentumSgd {

    private final int[] layerSizes;
    private final int trainableLayers;

    /**
     * @param layerSizes      parameters (weights plus bias) of each dense layer
     * @param trainableLayers how many layers, from the first, are stepped
     */
    protected MomentumSgd(int[] layerSizes, int trainableLayers) {
        if (trainableLayers < 0 || trainableLayers > layerSizes.length) {
            throw new IllegalArgumentException("trainable layers must be in [0, " + layerSizes.length + "], got "
                    + trainableLayers);
        }
        this.layerSizes = layerSizes.clone();
        this.trainableLayers = trainableLayers;
    }

    /** Number of layers stepped, from the first. */
    protected final int trainableLayers() {
        return trainableLayers;
    }

    /**
     * One step from the model's current gradients.
     *
     * @param statsOut if not null, filled with one entry per layer (see {@link LayerGradientStats#of})
     */
    public final void step(double learningRate, double momentum, LayerGradientStats[] statsOut) {
        double[] sums = statsOut == null ? null : new double[trainableLayers * LayerGradientStats.SUMS];
        update(learningRate, momentum, sums);
        if (statsOut == null) {
            return;
        }
        for (int l = 0; l < layerSizes.length; l++) {
            statsOut[l] = l < trainableLayers
                    ? LayerGradientStats.of(l, sums, l * LayerGradientStats.SUMS, layerSizes[l], learningRate)
                    : LayerGradientStats.frozen(l);
        }
    }

    /**
     * Applies the rule to every parameter of the trainable layers. When {@code sums} is not null, stores
     * for each trainable layer l at {@code sums[l * SUMS + ...]} (indices of {@link LayerGradientStats})
     * its sum g^2, sum |g|, max |g|, sum v^2 of the new velocity and sum w^2 of the parameters before
     * the step.
     */
    protected abstract void update(double learningRate, double momentum, double[] sums);

    /** A copy of the velocities in {@link ParameterSet} layout (zeros for frozen layers). */
    public abstract ParameterSet velocities();

    /** Overwrites the velocities from {@code velocities}, whose shapes the caller has checked. */
    public abstract void restoreVelocities(ParameterSet velocities);

    /** Zeroes every velocity. */
    public abstract void reset();
}
