package dev.gradstream.scratch;

import dev.gradstream.core.model.LayerGradientStats;
import java.util.List;

/**
 * SGD with classic (PyTorch) momentum over every dense layer's weights and biases:
 * {@code v = mu * v + g; w -= lr * v}, with one velocity buffer per parameter tensor, starting at zero.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class SgdMomentum<A> {

    private final Kernels<A> kernels;
    private final List<Dense<A>> layers;
    private final A[] weightVelocity;
    private final A[] biasVelocity;

    @SuppressWarnings("unchecked")
    SgdMomentum(Kernels<A> kernels, List<Dense<A>> layers) {
        this.kernels = kernels;
        this.layers = layers;
        this.weightVelocity = (A[]) new Object[layers.size()];
        this.biasVelocity = (A[]) new Object[layers.size()];
        reset();
    }

    /** Zeroes every velocity. */
    void reset() {
        for (int l = 0; l < layers.size(); l++) {
            weightVelocity[l] = kernels.allocate(layers.get(l).fanIn * layers.get(l).fanOut);
            biasVelocity[l] = kernels.allocate(layers.get(l).fanOut);
        }
    }

    /**
     * One step from the layers' current gradients; fills {@code statsOut[l]} when it is not null with the
     * gradient's L2 norm, mean |g| and max |g| over weights and bias, and {@code ||lr v|| / ||w before||}
     * (0 when both are 0, infinite when only the parameters are).
     */
    void step(double learningRate, double momentum, LayerGradientStats[] statsOut) {
        for (int l = 0; l < layers.size(); l++) {
            Dense<A> layer = layers.get(l);
            int weights = layer.fanIn * layer.fanOut;
            double[] acc = statsOut == null ? null : new double[Kernels.STATS_LENGTH];
            kernels.momentumStep(layer.weight, weightVelocity[l], layer.weightGrad, weights,
                    learningRate, momentum, acc);
            kernels.momentumStep(layer.bias, biasVelocity[l], layer.biasGrad, layer.fanOut,
                    learningRate, momentum, acc);
            if (acc != null) {
                statsOut[l] = stats(l, acc, weights + layer.fanOut, learningRate);
            }
        }
    }

    private static LayerGradientStats stats(int layer, double[] acc, int count, double learningRate) {
        double update = learningRate * Math.sqrt(acc[Kernels.VELOCITY_SQUARES]);
        double params = Math.sqrt(acc[Kernels.PARAM_SQUARES]);
        double ratio = params > 0 ? update / params : update > 0 ? Double.POSITIVE_INFINITY : 0.0;
        return new LayerGradientStats(layer, Math.sqrt(acc[Kernels.GRAD_SQUARES]),
                acc[Kernels.GRAD_ABS_SUM] / count, acc[Kernels.GRAD_ABS_MAX], ratio);
    }
}
