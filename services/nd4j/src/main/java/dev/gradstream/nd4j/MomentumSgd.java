package dev.gradstream.nd4j;

import dev.gradstream.core.model.LayerGradientStats;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * SGD with classic (PyTorch) momentum over the flat parameter vector:
 * {@code v = mu * v + g; w -= lr * v}, velocity starting at zero. Three ND4J operations per step.
 *
 * <p>Only the first {@code trainableLayers} layers are stepped (one contiguous prefix of the vector); the
 * rest (a Part II model's frozen word net) are left untouched and report zero statistics.
 *
 * <p>ND4J's own {@code Nesterovs} updater is not used: it applies Nesterov's rule in a different form.
 * The per-layer statistics are computed in Java, in double, the same sums scratch accumulates, reading
 * the native vectors in place: cheaper than five ND4J reductions per layer, and than copying vectors of
 * ~10^6 elements out of native memory on every step.
 */
final class MomentumSgd {

    private final FlatParameters parameters;
    private final FlatParameters velocity;
    private final int trainableLayers;
    /** The trainable prefixes of the parameter and velocity vectors. */
    private final INDArray trainedParameters;
    private final INDArray trainedVelocity;
    private final FlatParameters.Reader parameterReader;
    private final FlatParameters.Reader velocityReader;

    /** Steps every layer of {@code parameters}. */
    MomentumSgd(FlatParameters parameters) {
        this(parameters, parameters.layerCount());
    }

    /** Steps layers {@code 0 .. trainableLayers - 1} of {@code parameters}. */
    MomentumSgd(FlatParameters parameters, int trainableLayers) {
        this.parameters = parameters;
        this.velocity = parameters.zerosLike();
        this.trainableLayers = trainableLayers;
        this.trainedParameters = prefix(parameters.flat(), parameters.layerStart(trainableLayers));
        this.trainedVelocity = prefix(velocity.flat(), parameters.layerStart(trainableLayers));
        this.parameterReader = parameters.reader();
        this.velocityReader = velocity.reader();
    }

    private static INDArray prefix(INDArray flat, long length) {
        return length == flat.length() ? flat : flat.get(NDArrayIndex.interval(0, length));
    }

    /** A copy of the velocity (zeros for frozen layers), in ParameterSet layout. */
    dev.gradstream.core.model.ParameterSet velocities() {
        return velocity.toParameterSet();
    }

    /** Overwrites the velocity (shapes already checked against the parameters). */
    void restoreVelocities(dev.gradstream.core.model.ParameterSet values) {
        velocity.set(values);
    }

    /** Zeroes the velocity. */
    void reset() {
        velocity.flat().assign(0);
    }

    /**
     * One step from {@code gradients} (same layout as the parameters); fills {@code statsOut[l]} when it is
     * not null with the gradient's L2 norm, mean |g| and max |g| over the layer's weight and bias, and
     * {@code ||lr v|| / ||w before||} (0 when both are 0, infinite when only the parameters are); all zeros
     * for a frozen layer.
     */
    void step(FlatParameters gradients, double learningRate, double momentum, LayerGradientStats[] statsOut) {
        double[] paramSquares = statsOut == null ? null : parameterSquares();
        INDArray g = prefix(gradients.flat(), trainedVelocity.length());
        trainedVelocity.muli(momentum).addi(g);
        trainedParameters.subi(trainedVelocity.mul(learningRate));
        if (statsOut != null) {
            fillStats(gradients.reader(), paramSquares, learningRate, statsOut);
        }
    }

    /** {@code ||w||²} of each trainable layer, read in place before the step changes w. */
    private double[] parameterSquares() {
        double[] squares = new double[trainableLayers];
        for (int l = 0; l < trainableLayers; l++) {
            int to = (int) parameters.layerStart(l + 1);
            double sum = 0;
            for (int i = (int) parameters.layerStart(l); i < to; i++) {
                double w = parameterReader.get(i);
                sum += w * w;
            }
            squares[l] = sum;
        }
        return squares;
    }

    /** Statistics read in place from the native vectors: no copies of ~10^6-element vectors per step. */
    private void fillStats(FlatParameters.Reader g, double[] paramSquares, double learningRate,
                           LayerGradientStats[] statsOut) {
        for (int l = 0; l < parameters.layerCount(); l++) {
            if (l >= trainableLayers) {
                statsOut[l] = new LayerGradientStats(l, 0, 0, 0, 0);
                continue;
            }
            int from = (int) parameters.layerStart(l);
            int to = (int) parameters.layerStart(l + 1);
            double gradSquares = 0, gradAbsSum = 0, gradAbsMax = 0, velocitySquares = 0;
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double vi = velocityReader.get(i);
                double abs = Math.abs(gi);
                gradSquares += gi * gi;
                gradAbsSum += abs;
                gradAbsMax = Math.max(gradAbsMax, abs);
                velocitySquares += vi * vi;
            }
            double update = learningRate * Math.sqrt(velocitySquares);
            double params = Math.sqrt(paramSquares[l]);
            double ratio = params > 0 ? update / params : update > 0 ? Double.POSITIVE_INFINITY : 0.0;
            statsOut[l] = new LayerGradientStats(l, Math.sqrt(gradSquares), gradAbsSum / (to - from), gradAbsMax, ratio);
        }
    }
}
