package dev.gradstream.scratch;

import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.MomentumSgd;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.ParameterShapes;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link MomentumSgd} over the scratch {@link Dense} layers: one velocity buffer per weight and bias
 * tensor, each step through {@link Kernels#momentumStep}, weights then bias, layer by layer.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class ScratchMomentumSgd<A> extends MomentumSgd {

    private final Kernels<A> kernels;
    private final List<Dense<A>> layers;
    private final A[] weightVelocity;
    private final A[] biasVelocity;

    /** Steps layers {@code 0 .. trainableLayers - 1} of {@code layers}. */
    @SuppressWarnings("unchecked")
    ScratchMomentumSgd(Kernels<A> kernels, List<Dense<A>> layers, int trainableLayers) {
        super(sizes(layers), trainableLayers);
        this.kernels = kernels;
        this.layers = List.copyOf(layers);
        this.weightVelocity = (A[]) new Object[layers.size()];
        this.biasVelocity = (A[]) new Object[layers.size()];
        reset();
    }

    /** One layer's statistics sums while its two tensors are stepped (reused: the step is the hot path). */
    private final double[] layerSums = new double[LayerGradientStats.SUMS];

    private static int[] sizes(List<? extends Dense<?>> layers) {
        int[] sizes = new int[layers.size()];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = (layers.get(l).fanIn + 1) * layers.get(l).fanOut;
        }
        return sizes;
    }

    @Override
    protected void update(double learningRate, double momentum, double[] sums) {
        for (int l = 0; l < trainableLayers(); l++) {
            Dense<A> layer = layers.get(l);
            double[] acc = null;
            if (sums != null) {
                acc = layerSums;
                Arrays.fill(acc, 0);
            }
            kernels.momentumStep(layer.weight, weightVelocity[l], layer.weightGrad, layer.fanIn * layer.fanOut,
                    learningRate, momentum, acc);
            kernels.momentumStep(layer.bias, biasVelocity[l], layer.biasGrad, layer.fanOut,
                    learningRate, momentum, acc);
            if (acc != null) {
                System.arraycopy(acc, 0, sums, l * LayerGradientStats.SUMS, LayerGradientStats.SUMS);
            }
        }
    }

    /** {@inheritDoc} Named like the parameters, numbered from 0. */
    @Override
    public ParameterSet velocities() {
        List<Tensor> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Dense<A> layer = layers.get(l);
            out.add(new Tensor(ParameterShapes.weightName(l), layer.fanIn, layer.fanOut,
                    kernels.toDoubles(weightVelocity[l], layer.fanIn * layer.fanOut)));
            out.add(new Tensor(ParameterShapes.biasName(l), 1, layer.fanOut,
                    kernels.toDoubles(biasVelocity[l], layer.fanOut)));
        }
        return new ParameterSet(out);
    }

    /** {@inheritDoc} Those of frozen layers are ignored: they stay zero. */
    @Override
    public void restoreVelocities(ParameterSet velocities) {
        for (int l = 0; l < trainableLayers(); l++) {
            Dense<A> layer = layers.get(l);
            System.arraycopy(kernels.fromDoubles(velocities.weight(l).values()), 0, weightVelocity[l], 0,
                    layer.fanIn * layer.fanOut);
            System.arraycopy(kernels.fromDoubles(velocities.bias(l).values()), 0, biasVelocity[l], 0, layer.fanOut);
        }
    }

    @Override
    public void reset() {
        for (int l = 0; l < layers.size(); l++) {
            weightVelocity[l] = kernels.allocate(layers.get(l).fanIn * layers.get(l).fanOut);
            biasVelocity[l] = kernels.allocate(layers.get(l).fanOut);
        }
    }
}
