package dev.gradstream.scratch;

import dev.gradstream.core.model.MomentumSgd;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.ParameterShapes;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MomentumSgd} over the scratch {@link Dense} layers: one velocity buffer per weight and bias
 * tensor, each step one {@link Kernels#momentumSteps} over all of them, weights then bias, layer by layer.
 * When the batch ran in two halves ({@link ScratchModel}), each tensor's gradient is the first half's plus
 * the second's, added as the step reads them.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class ScratchMomentumSgd<A> extends MomentumSgd {

    private final Kernels<A> kernels;
    private final List<Dense<A>> layers;
    private final List<Dense<A>> secondHalf;
    private final A[] weightVelocity;
    private final A[] biasVelocity;
    /** The trainable tensors, as {@link Kernels#momentumSteps} takes them (rebuilt by {@link #reset}). */
    private List<Kernels.Update<A>> updates;

    /** Steps layers {@code 0 .. trainableLayers - 1} of {@code layers}. */
    ScratchMomentumSgd(Kernels<A> kernels, List<Dense<A>> layers, int trainableLayers) {
        this(kernels, layers, null, trainableLayers);
    }

    /**
     * Steps layers {@code 0 .. trainableLayers - 1} of {@code layers} with gradients that are theirs plus
     * those of the same layers of {@code secondHalf} (null: theirs alone).
     */
    @SuppressWarnings("unchecked")
    ScratchMomentumSgd(Kernels<A> kernels, List<Dense<A>> layers, List<Dense<A>> secondHalf, int trainableLayers) {
        super(sizes(layers), trainableLayers);
        this.kernels = kernels;
        this.layers = List.copyOf(layers);
        this.secondHalf = secondHalf == null ? null : List.copyOf(secondHalf);
        this.weightVelocity = (A[]) new Object[layers.size()];
        this.biasVelocity = (A[]) new Object[layers.size()];
        reset();
    }

    private static int[] sizes(List<? extends Dense<?>> layers) {
        int[] sizes = new int[layers.size()];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = (layers.get(l).fanIn + 1) * layers.get(l).fanOut;
        }
        return sizes;
    }

    @Override
    protected void update(double learningRate, double momentum, double[] sums) {
        kernels.momentumSteps(updates, learningRate, momentum, sums);
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
        List<Kernels.Update<A>> tensors = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Dense<A> layer = layers.get(l);
            weightVelocity[l] = kernels.allocate(layer.fanIn * layer.fanOut);
            biasVelocity[l] = kernels.allocate(layer.fanOut);
            if (l < trainableLayers()) {
                Dense<A> second = secondHalf == null ? null : secondHalf.get(l);
                tensors.add(new Kernels.Update<>(layer.weight, weightVelocity[l], layer.weightGrad,
                        second == null ? null : second.weightGrad, layer.fanIn * layer.fanOut, l));
                tensors.add(new Kernels.Update<>(layer.bias, biasVelocity[l], layer.biasGrad,
                        second == null ? null : second.biasGrad, layer.fanOut, l));
            }
        }
        updates = List.copyOf(tensors);
    }
}
