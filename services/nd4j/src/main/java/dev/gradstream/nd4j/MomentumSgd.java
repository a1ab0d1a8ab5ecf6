package dev.gradstream.nd4j;

import dev.gradstream.core.model.LayerGradientStats;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SGD with classic (PyTorch) momentum, applied in place to the graph's parameter arrays:
 * {@code v = mu * v + g; w -= lr * v}, one zero-initialised velocity per parameter tensor.
 *
 * <p>ND4J's own {@code Nesterovs} updater is not used: it applies Nesterov's rule in a different form.
 */
final class MomentumSgd {

    private final List<INDArray> parameters;
    private final List<INDArray> velocity = new ArrayList<>();

    /** @param parameters the live parameter arrays, in {@code ParameterSet} order (weight, bias per layer) */
    MomentumSgd(List<INDArray> parameters) {
        this.parameters = List.copyOf(parameters);
        for (INDArray p : parameters) {
            velocity.add(p.ulike().assign(0));
        }
    }

    /** Zeroes every velocity. */
    void reset() {
        for (INDArray v : velocity) {
            v.assign(0);
        }
    }

    /**
     * One step from {@code gradients} (same order and shapes as the parameters); fills {@code statsOut[l]}
     * when it is not null with the gradient's L2 norm, mean |g| and max |g| over the layer's weight and
     * bias, and {@code ||lr v|| / ||w before||} (0 when both are 0, infinite when only the parameters are).
     */
    void step(List<INDArray> gradients, double learningRate, double momentum, LayerGradientStats[] statsOut) {
        int layers = parameters.size() / 2;
        for (int l = 0; l < layers; l++) {
            double gradSquares = 0, gradAbsSum = 0, gradAbsMax = 0, velocitySquares = 0, paramSquares = 0;
            long count = 0;
            for (int t = 2 * l; t <= 2 * l + 1; t++) {
                INDArray w = parameters.get(t);
                INDArray v = velocity.get(t);
                INDArray g = gradients.get(t);
                if (statsOut != null) {
                    gradSquares += square(g.norm2Number().doubleValue());
                    gradAbsSum += g.norm1Number().doubleValue();
                    gradAbsMax = Math.max(gradAbsMax, g.amaxNumber().doubleValue());
                    paramSquares += square(w.norm2Number().doubleValue());
                    count += g.length();
                }
                v.muli(momentum).addi(g);
                w.subi(v.mul(learningRate));
                if (statsOut != null) {
                    velocitySquares += square(v.norm2Number().doubleValue());
                }
            }
            if (statsOut != null) {
                double update = learningRate * Math.sqrt(velocitySquares);
                double params = Math.sqrt(paramSquares);
                double ratio = params > 0 ? update / params : update > 0 ? Double.POSITIVE_INFINITY : 0.0;
                statsOut[l] = new LayerGradientStats(l, Math.sqrt(gradSquares), gradAbsSum / count, gradAbsMax, ratio);
            }
        }
    }

    private static double square(double x) {
        return x * x;
    }
}
