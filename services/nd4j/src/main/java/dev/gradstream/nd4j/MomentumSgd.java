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
 * The per-layer statistics are computed in Java, in double, the same sums scratch accumulates, over bulk
 * copies of the native vectors: cheaper than five ND4J reductions per layer, and ten times cheaper than
 * reading the vectors in place element by element through NIO views (measured: half of the Java time of
 * a Part II step).
 */
final class MomentumSgd {

    private final FlatParameters parameters;
    private final FlatParameters velocity;
    private final int trainableLayers;
    /** The trainable prefixes of the parameter and velocity vectors. */
    private final INDArray trainedParameters;
    private final INDArray trainedVelocity;
    /** Work buffers for the statistics: two vectors widened to double, and a float vector on its way. */
    private final double[] values;
    private final double[] others;
    private final float[] floats;

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
        int n = (int) parameters.flat().length();
        this.values = new double[n];
        this.others = new double[n];
        this.floats = new float[parameters.flat().dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? 0 : n];
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
            fillStats(gradients.toDoubles(values, floats), velocity.toDoubles(others, floats), paramSquares,
                    learningRate, statsOut);
        }
    }

    /** {@code ||w||²} of each trainable layer, before the step changes w. */
    private double[] parameterSquares() {
        double[] w = parameters.toDoubles(values, floats);
        double[] squares = new double[trainableLayers];
        for (int l = 0; l < trainableLayers; l++) {
            squares[l] = Sums.squares(w, (int) parameters.layerStart(l), (int) parameters.layerStart(l + 1));
        }
        return squares;
    }

    /** Statistics over bulk copies of the native vectors (per-element reads cost ten times the copy). */
    private void fillStats(double[] g, double[] v, double[] paramSquares, double learningRate,
                           LayerGradientStats[] statsOut) {
        for (int l = 0; l < parameters.layerCount(); l++) {
            if (l >= trainableLayers) {
                statsOut[l] = new LayerGradientStats(l, 0, 0, 0, 0);
                continue;
            }
            int from = (int) parameters.layerStart(l);
            int to = (int) parameters.layerStart(l + 1);
            double gradSquares = Sums.squares(g, from, to);
            double gradAbsSum = Sums.absolutes(g, from, to);
            double gradAbsMax = Sums.maxAbsolute(g, from, to);
            double velocitySquares = Sums.squares(v, from, to);
            double update = learningRate * Math.sqrt(velocitySquares);
            double params = Math.sqrt(paramSquares[l]);
            double ratio = params > 0 ? update / params : update > 0 ? Double.POSITIVE_INFINITY : 0.0;
            statsOut[l] = new LayerGradientStats(l, Math.sqrt(gradSquares), gradAbsSum / (to - from), gradAbsMax, ratio);
        }
    }

    /** Sums over a range of a double array, four running sums at a time (independent adds pipeline). */
    private static final class Sums {
        static double squares(double[] a, int from, int to) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = from;
            for (; i + 4 <= to; i += 4) {
                s0 += a[i] * a[i];
                s1 += a[i + 1] * a[i + 1];
                s2 += a[i + 2] * a[i + 2];
                s3 += a[i + 3] * a[i + 3];
            }
            for (; i < to; i++) {
                s0 += a[i] * a[i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        static double absolutes(double[] a, int from, int to) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = from;
            for (; i + 4 <= to; i += 4) {
                s0 += Math.abs(a[i]);
                s1 += Math.abs(a[i + 1]);
                s2 += Math.abs(a[i + 2]);
                s3 += Math.abs(a[i + 3]);
            }
            for (; i < to; i++) {
                s0 += Math.abs(a[i]);
            }
            return (s0 + s1) + (s2 + s3);
        }

        static double maxAbsolute(double[] a, int from, int to) {
            double max = 0;
            for (int i = from; i < to; i++) {
                max = Math.max(max, Math.abs(a[i]));
            }
            return max;
        }
    }
}
