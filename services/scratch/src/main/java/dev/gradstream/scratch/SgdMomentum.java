package dev.gradstream.scratch;

import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.ParameterShapes;
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

    /** Appends copies of the velocities, weight then bias per layer, named like the parameters. */
    void addVelocities(java.util.List<dev.gradstream.core.model.Tensor> out, int firstIndex) {
        for (int l = 0; l < layers.size(); l++) {
            Dense<A> layer = layers.get(l);
            out.add(new dev.gradstream.core.model.Tensor(ParameterShapes.weightName(firstIndex + l), layer.fanIn,
                    layer.fanOut, kernels.toDoubles(weightVelocity[l], layer.fanIn * layer.fanOut)));
            out.add(new dev.gradstream.core.model.Tensor(ParameterShapes.biasName(firstIndex + l), 1, layer.fanOut,
                    kernels.toDoubles(biasVelocity[l], layer.fanOut)));
        }
    }

    /** Overwrites the velocities from {@code tensors} (this optimizer's layout, shapes already checked). */
    void restore(java.util.List<dev.gradstream.core.model.Tensor> tensors) {
        for (int l = 0; l < layers.size(); l++) {
            Dense<A> layer = layers.get(l);
            System.arraycopy(kernels.fromDoubles(tensors.get(2 * l).values()), 0, weightVelocity[l], 0,
                    layer.fanIn * layer.fanOut);
            System.arraycopy(kernels.fromDoubles(tensors.get(2 * l + 1).values()), 0, biasVelocity[l], 0, layer.fanOut);
        }
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
