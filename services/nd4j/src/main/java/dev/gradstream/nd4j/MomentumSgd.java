package dev.gradstream.nd4j;

import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.ModelSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with classic (PyTorch) momentum over the whole flat parameter vector:
 * {@code v = mu * v + g; w -= lr * v}, velocity starting at zero. Three ND4J operations per step.
 *
 * <p>ND4J's own {@code Nesterovs} updater is not used: it applies Nesterov's rule in a different form.
 * The per-layer statistics are computed in Java from one copy of each vector, in double, the same sums
 * scratch accumulates: cheaper than five ND4J reductions per layer at these sizes.
 */
final class MomentumSgd {

    private final ModelSpec spec;
    private final FlatParameters parameters;
    private final FlatParameters velocity;

    MomentumSgd(ModelSpec spec, FlatParameters parameters) {
        this.spec = spec;
        this.parameters = parameters;
        this.velocity = new FlatParameters(spec, parameters.flat().dataType());
    }

    /** Zeroes the velocity. */
    void reset() {
        velocity.flat().assign(0);
    }

    /**
     * One step from {@code gradients} (same layout as the parameters); fills {@code statsOut[l]} when it is
     * not null with the gradient's L2 norm, mean |g| and max |g| over the layer's weight and bias, and
     * {@code ||lr v|| / ||w before||} (0 when both are 0, infinite when only the parameters are).
     */
    void step(FlatParameters gradients, double learningRate, double momentum, LayerGradientStats[] statsOut) {
        double[] before = statsOut == null ? null : parameters.toDoubles();
        INDArray v = velocity.flat();
        v.muli(momentum).addi(gradients.flat());
        parameters.flat().subi(v.mul(learningRate));
        if (statsOut != null) {
            fillStats(gradients.toDoubles(), velocity.toDoubles(), before, learningRate, statsOut);
        }
    }

    private void fillStats(double[] g, double[] v, double[] w, double learningRate, LayerGradientStats[] statsOut) {
        for (int l = 0; l < spec.layerCount(); l++) {
            int from = (int) parameters.layerStart(l);
            int to = (int) parameters.layerStart(l + 1);
            double gradSquares = 0, gradAbsSum = 0, gradAbsMax = 0, velocitySquares = 0, paramSquares = 0;
            for (int i = from; i < to; i++) {
                double abs = Math.abs(g[i]);
                gradSquares += g[i] * g[i];
                gradAbsSum += abs;
                gradAbsMax = Math.max(gradAbsMax, abs);
                velocitySquares += v[i] * v[i];
                paramSquares += w[i] * w[i];
            }
            double update = learningRate * Math.sqrt(velocitySquares);
            double params = Math.sqrt(paramSquares);
            double ratio = params > 0 ? update / params : update > 0 ? Double.POSITIVE_INFINITY : 0.0;
            statsOut[l] = new LayerGradientStats(l, Math.sqrt(gradSquares), gradAbsSum / (to - from), gradAbsMax, ratio);
        }
    }
}
