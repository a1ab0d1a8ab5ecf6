package dev.gradstream.nd4j;

import static dev.gradstream.core.model.LayerGradientStats.GRAD_ABS_MAX;
import static dev.gradstream.core.model.LayerGradientStats.GRAD_ABS_SUM;
import static dev.gradstream.core.model.LayerGradientStats.GRAD_SQUARES;
import static dev.gradstream.core.model.LayerGradientStats.PARAM_SQUARES;
import static dev.gradstream.core.model.LayerGradientStats.SUMS;
import static dev.gradstream.core.model.LayerGradientStats.VELOCITY_SQUARES;

import dev.gradstream.core.model.MomentumSgd;
import dev.gradstream.core.model.ParameterSet;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link MomentumSgd} over the flat parameter vector: three ND4J operations per step over the trainable
 * layers, one contiguous prefix of the vector.
 *
 * <p>ND4J's own {@code Nesterovs} updater is not used: it applies Nesterov's rule in a different form.
 * The per-layer sums are computed in Java, the same sums scratch accumulates (float32: in float vector
 * lanes per chunk, the chunks added in double, as scratch does; float64: in double), over bulk copies of the
 * native vectors: cheaper than five ND4J reductions per layer, and ten times cheaper than reading
 * the vectors in place element by element through NIO views (measured: half of the Java time of a Part II
 * step).
 */
final class Nd4jMomentumSgd extends MomentumSgd {

    private final FlatParameters parameters;
    private final FlatParameters gradients;
    private final FlatParameters velocity;
    /** The trainable prefixes of the parameter and velocity vectors. */
    private final INDArray trainedParameters;
    private final INDArray trainedVelocity;
    private final INDArray trainedGradients;
    /** Work buffers for the statistics: two double vectors (float64), or one float vector (float32). */
    private final double[] values;
    private final double[] others;
    private final float[] floats;

    /** Steps layers {@code 0 .. trainableLayers - 1} of {@code parameters} by {@code gradients} (same layout). */
    Nd4jMomentumSgd(FlatParameters parameters, FlatParameters gradients, int trainableLayers) {
        super(sizes(parameters), trainableLayers);
        this.parameters = parameters;
        this.gradients = gradients;
        this.velocity = parameters.zerosLike();
        this.trainedParameters = prefix(parameters.flat(), parameters.layerStart(trainableLayers));
        this.trainedVelocity = prefix(velocity.flat(), parameters.layerStart(trainableLayers));
        this.trainedGradients = prefix(gradients.flat(), parameters.layerStart(trainableLayers));
        int n = (int) parameters.flat().length();
        boolean isDouble = parameters.flat().dataType() == DataType.DOUBLE;
        this.values = new double[isDouble ? n : 0];
        this.others = new double[isDouble ? n : 0];
        this.floats = new float[isDouble ? 0 : n];
    }

    private static int[] sizes(FlatParameters parameters) {
        int[] sizes = new int[parameters.layerCount()];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = (int) (parameters.layerStart(l + 1) - parameters.layerStart(l));
        }
        return sizes;
    }

    private static INDArray prefix(INDArray flat, long length) {
        return length == flat.length() ? flat : flat.get(NDArrayIndex.interval(0, length));
    }

    @Override
    public ParameterSet velocities() {
        return velocity.toParameterSet();
    }

    @Override
    public void restoreVelocities(ParameterSet velocities) {
        velocity.set(velocities);
    }

    @Override
    public void reset() {
        velocity.flat().assign(0);
    }

    @Override
    protected void update(double learningRate, double momentum, double[] sums) {
        Nd4jThreads.applyToThisThread();
        if (sums != null) {
            parameterSquares(sums);
        }
        trainedVelocity.muli(momentum).addi(trainedGradients);
        trainedParameters.subi(trainedVelocity.mul(learningRate));
        if (sums != null && floats.length > 0) {
            floatGradientAndVelocitySums(sums);
        } else if (sums != null) {
            gradientAndVelocitySums(gradients.toDoubles(values, floats), velocity.toDoubles(others, floats), sums);
        }
    }

    /** {@code ||w||²} of each trainable layer, before the step changes w. */
    private void parameterSquares(double[] sums) {
        if (floats.length > 0) { // float32: summed straight from the float copy
            parameters.toFloats(floats);
            for (int l = 0; l < trainableLayers(); l++) {
                sums[l * SUMS + PARAM_SQUARES] = FloatSums.squares(floats, (int) parameters.layerStart(l),
                        (int) parameters.layerStart(l + 1));
            }
            return;
        }
        double[] w = parameters.toDoubles(values, floats);
        for (int l = 0; l < trainableLayers(); l++) {
            sums[l * SUMS + PARAM_SQUARES] = Sums.squares(w, (int) parameters.layerStart(l),
                    (int) parameters.layerStart(l + 1));
        }
    }

    /**
     * The float32 gradient and velocity sums: each vector copied once into the float buffer and summed by
     * {@link FloatSums}, the three gradient sums in one pass.
     */
    private void floatGradientAndVelocitySums(double[] sums) {
        gradients.toFloats(floats);
        for (int l = 0; l < trainableLayers(); l++) {
            FloatSums.gradient(floats, (int) parameters.layerStart(l), (int) parameters.layerStart(l + 1), sums,
                    l * SUMS);
        }
        velocity.toFloats(floats);
        for (int l = 0; l < trainableLayers(); l++) {
            sums[l * SUMS + VELOCITY_SQUARES] = FloatSums.squares(floats, (int) parameters.layerStart(l),
                    (int) parameters.layerStart(l + 1));
        }
    }

    /** The gradient and velocity sums over bulk copies of the native vectors. */
    private void gradientAndVelocitySums(double[] g, double[] v, double[] sums) {
        for (int l = 0; l < trainableLayers(); l++) {
            int from = (int) parameters.layerStart(l);
            int to = (int) parameters.layerStart(l + 1);
            int at = l * SUMS;
            sums[at + GRAD_SQUARES] = Sums.squares(g, from, to);
            sums[at + GRAD_ABS_SUM] = Sums.absolutes(g, from, to);
            sums[at + GRAD_ABS_MAX] = Sums.maxAbsolute(g, from, to);
            sums[at + VELOCITY_SQUARES] = Sums.squares(v, from, to);
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

    /**
     * {@link Sums} over float values, vectorised: float lanes within chunks of {@value #CHUNK} elements, each
     * chunk's lanes added into a double, as scratch's step does. The scalar form (every value widened to
     * double as it was read, four running sums) took a third of a Part II step's time.
     */
    private static final class FloatSums {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int L = S.length();
        private static final int CHUNK = 1024;

        static double squares(float[] a, int from, int to) {
            double sum = 0;
            int i = from;
            for (int chunkEnd = Math.min(to, from + CHUNK); i + L <= to; chunkEnd = Math.min(to, i + CHUNK)) {
                FloatVector q = FloatVector.zero(S);
                for (; i + L <= chunkEnd; i += L) {
                    FloatVector x = FloatVector.fromArray(S, a, i);
                    q = x.fma(x, q);
                }
                sum += q.reduceLanes(VectorOperators.ADD);
            }
            for (; i < to; i++) {
                double x = a[i];
                sum += x * x;
            }
            return sum;
        }

        /** Squares, absolute values and the largest absolute value of {@code a[from, to)}, at {@code sums[at ..]}. */
        static void gradient(float[] a, int from, int to, double[] sums, int at) {
            double squares = 0, absolutes = 0;
            FloatVector max = FloatVector.zero(S);
            int i = from;
            for (int chunkEnd = Math.min(to, from + CHUNK); i + L <= to; chunkEnd = Math.min(to, i + CHUNK)) {
                FloatVector q = FloatVector.zero(S), b = q;
                for (; i + L <= chunkEnd; i += L) {
                    FloatVector x = FloatVector.fromArray(S, a, i);
                    FloatVector y = x.abs();
                    q = x.fma(x, q);
                    b = b.add(y);
                    max = max.max(y);
                }
                squares += q.reduceLanes(VectorOperators.ADD);
                absolutes += b.reduceLanes(VectorOperators.ADD);
            }
            double largest = max.reduceLanes(VectorOperators.MAX);
            for (; i < to; i++) {
                double x = a[i];
                squares += x * x;
                absolutes += Math.abs(x);
                largest = Math.max(largest, Math.abs(x));
            }
            sums[at + GRAD_SQUARES] = squares;
            sums[at + GRAD_ABS_SUM] = absolutes;
            sums[at + GRAD_ABS_MAX] = largest;
        }
    }
}
