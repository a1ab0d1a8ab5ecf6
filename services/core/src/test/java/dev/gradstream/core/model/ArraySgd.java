package dev.gradstream.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The smallest real {@link MomentumSgd}: one {@code double[]} per layer of a {@link ModelSpec} for its
 * parameters, gradients and velocities (the weight row-major, then the bias).
 */
final class ArraySgd extends MomentumSgd {

    private final ModelSpec spec;
    final double[][] w;
    final double[][] g;
    final double[][] v;

    ArraySgd(ModelSpec spec, double[][] w, int trainableLayers) {
        super(sizes(spec), trainableLayers);
        this.spec = spec;
        this.w = w;
        this.g = new double[w.length][];
        this.v = new double[w.length][];
        for (int l = 0; l < w.length; l++) {
            g[l] = new double[w[l].length];
            v[l] = new double[w[l].length];
        }
    }

    static int[] sizes(ModelSpec spec) {
        int[] sizes = new int[spec.layerCount()];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = (spec.fanIn(l) + 1) * spec.fanOut(l);
        }
        return sizes;
    }

    @Override
    protected void update(double learningRate, double momentum, double[] sums) {
        for (int l = 0; l < trainableLayers(); l++) {
            int at = l * LayerGradientStats.SUMS;
            for (int i = 0; i < w[l].length; i++) {
                double before = w[l][i];
                v[l][i] = momentum * v[l][i] + g[l][i];
                w[l][i] -= learningRate * v[l][i];
                if (sums != null) {
                    sums[at + LayerGradientStats.GRAD_SQUARES] += g[l][i] * g[l][i];
                    sums[at + LayerGradientStats.GRAD_ABS_SUM] += Math.abs(g[l][i]);
                    sums[at + LayerGradientStats.GRAD_ABS_MAX] = Math.max(sums[at + LayerGradientStats.GRAD_ABS_MAX],
                            Math.abs(g[l][i]));
                    sums[at + LayerGradientStats.VELOCITY_SQUARES] += v[l][i] * v[l][i];
                    sums[at + LayerGradientStats.PARAM_SQUARES] += before * before;
                }
            }
        }
    }

    /** {@code values[l]} as layer l's weight and bias. */
    static ParameterSet asParameters(ModelSpec spec, double[][] values) {
        List<Tensor> out = new ArrayList<>();
        for (int l = 0; l < values.length; l++) {
            int weights = spec.fanIn(l) * spec.fanOut(l);
            out.add(new Tensor(ParameterShapes.weightName(l), spec.fanIn(l), spec.fanOut(l),
                    Arrays.copyOf(values[l], weights)));
            out.add(new Tensor(ParameterShapes.biasName(l), 1, spec.fanOut(l),
                    Arrays.copyOfRange(values[l], weights, values[l].length)));
        }
        return new ParameterSet(out);
    }

    /** The reverse of {@link #asParameters}, into {@code to}. */
    static void copyInto(ParameterSet from, double[][] to) {
        for (int l = 0; l < to.length; l++) {
            double[] weight = from.weight(l).values();
            System.arraycopy(weight, 0, to[l], 0, weight.length);
            System.arraycopy(from.bias(l).values(), 0, to[l], weight.length, to[l].length - weight.length);
        }
    }

    @Override
    public ParameterSet velocities() {
        return asParameters(spec, v);
    }

    @Override
    public void restoreVelocities(ParameterSet velocities) {
        copyInto(velocities, v);
    }

    @Override
    public void reset() {
        for (double[] layer : v) {
            Arrays.fill(layer, 0);
        }
    }
}
