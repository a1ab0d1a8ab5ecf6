package dev.gradstream.scratch;

import static dev.gradstream.core.model.LayerGradientStats.GRAD_ABS_MAX;
import static dev.gradstream.core.model.LayerGradientStats.GRAD_ABS_SUM;
import static dev.gradstream.core.model.LayerGradientStats.GRAD_SQUARES;
import static dev.gradstream.core.model.LayerGradientStats.PARAM_SQUARES;
import static dev.gradstream.core.model.LayerGradientStats.VELOCITY_SQUARES;
import static dev.gradstream.core.model.LayerGradientStats.SUMS;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} over {@code float[]}: matrix products through {@link FloatGemm}, split by rows or by
 * column panels of the result between the caller and one worker thread ({@link RowSplitter}) when they are
 * large enough to pay for the hand-off; transposes and the momentum step are split the same way by fixed
 * chunks; the remaining
 * element-wise work is vectorised on the caller's thread. The products and the element-wise operations may
 * run on two threads at once (the two halves of a batch, {@link ScratchModel}); {@link #momentumSteps} may
 * not.
 */
final class FloatKernels implements Kernels<float[]> {

    /** Products below this many multiply-adds (about 5 microseconds) stay on the caller's thread. */
    static final long PARALLEL_MIN_MULTIPLY_ADDS = 1 << 17;
    /** Transposes below this many elements stay on the caller's thread. */
    static final int PARALLEL_MIN_TRANSPOSE = 1 << 14;
    /** Columns of the input per chunk of a split transpose. */
    private static final int TRANSPOSE_GRAIN = 32;

    private static final VectorSpecies<Float> S = FloatGemm.SPECIES;
    private static final int L = S.length();
    /** Statistics are summed in float for this many elements, then carried on in double. */
    private static final int STATS_CHUNK = 1024;

    /** Updates of at least this many parameters are split between the two threads. */
    static final int PARALLEL_MIN_PARAMETERS = 8 * STATS_CHUNK;

    /** Work buffers of {@link #multiplyTransposedRight}, per thread: both halves of a batch use them at once. */
    private static final ThreadLocal<float[][]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[2][0]);
    private double[] chunkStats = new double[0];

    @Override
    public float[] allocate(int n) {
        return new float[n];
    }

    @Override
    public double get(float[] array, int i) {
        return array[i];
    }

    @Override
    public void set(float[] array, int i, double value) {
        array[i] = (float) value;
    }

    @Override
    public float[] fromDoubles(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    @Override
    public double[] toDoubles(float[] array, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = array[i];
        }
        return out;
    }

    @Override
    public float[] input(float[] x, int from, int n, float[] scratch) {
        if (from == 0) {
            return x;
        }
        System.arraycopy(x, from, scratch, 0, n);
        return scratch;
    }

    @Override
    public void multiply(float[] x, float[] w, float[] out, int m, int k, int n) {
        gemm(x, k, 1, w, out, m, k, n);
    }

    @Override
    public void multiplyTransposedLeft(float[] x, float[] d, float[] out, int m, int k, int n) {
        gemm(x, 1, k, d, out, k, m, n);
    }

    /**
     * {@inheritDoc} Needs one operand transposed, whichever is cheaper: W ({@code k x n}) when it is small,
     * else {@code d} and the result ({@code m x n} and {@code m x k}), computing {@code (W . d^T)^T}. Each
     * element is the same chain of fused multiply-adds either way ({@code fma(a, b, c) = fma(b, a, c)}).
     */
    @Override
    public void multiplyTransposedRight(float[] d, float[] w, float[] out, int m, int k, int n) {
        if (2L * m < k) {
            float[] dT = buffer(0, n * m);
            float[] product = buffer(1, k * m);
            transpose(d, dT, m, n);
            gemm(w, n, 1, dT, product, k, n, m);
            transpose(product, out, k, m);
        } else {
            float[] wt = buffer(0, k * n);
            transpose(w, wt, k, n);
            gemm(d, n, 1, wt, out, m, n, k);
        }
    }

    private static float[] buffer(int which, int size) {
        float[][] transposed = TRANSPOSED.get();
        if (transposed[which].length < size) {
            transposed[which] = new float[size];
        }
        return transposed[which];
    }

    /** {@code t[cols x rows] = transpose(x[rows x cols])}, split between the threads when large. */
    private static void transpose(float[] x, float[] t, int rows, int cols) {
        int[] column = new int[L]; // offsets of one column's next L elements
        for (int lane = 0; lane < L; lane++) {
            column[lane] = lane * cols;
        }
        if ((long) rows * cols < PARALLEL_MIN_TRANSPOSE) {
            transpose(x, t, rows, cols, column, 0, cols);
        } else {
            RowSplitter.SHARED.run(cols, TRANSPOSE_GRAIN, (from, to) -> transpose(x, t, rows, cols, column, from, to));
        }
    }

    /**
     * Rows {@code [from, to)} of {@code t[cols x rows] = transpose(x[rows x cols])}: each vector of a row of
     * {@code t} is one gather of {@code L} elements down a column of {@code x}, taken band by band of {@code L}
     * rows of {@code x} so that the band's cache lines serve every column. At 128 x 128 this takes 7 us
     * where 16 x 16 scalar tiles took 11 us, at 512 x 512 119 us against 239.
     */
    private static void transpose(float[] x, float[] t, int rows, int cols, int[] column, int from, int to) {
        int p = 0;
        for (; p + L <= rows; p += L) {
            int band = p * cols;
            for (int j = from; j < to; j++) {
                FloatVector.fromArray(S, x, band + j, column, 0).intoArray(t, j * rows + p);
            }
        }
        for (; p < rows; p++) {
            for (int j = from; j < to; j++) {
                t[j * rows + p] = x[p * cols + j];
            }
        }
    }

    /**
     * {@code c = A . b} on the caller, or split between the caller and the worker: by column panels when B
     * is the larger operand (forward and input-gradient products at batch 64: each thread keeps its part of
     * B in its own cache while it sweeps the small A), else by rows of C. Either split leaves every
     * element's sum unchanged.
     */
    private static void gemm(float[] a, int rowStride, int colStride, float[] b, float[] c, int m, int k, int n) {
        if ((long) m * k * n < PARALLEL_MIN_MULTIPLY_ADDS) {
            FloatGemm.multiply(a, rowStride, colStride, b, c, 0, m, k, n);
        } else if (n > m && FloatGemm.panels(n) >= 4) { // B (k x n) larger than A (m x k)
            RowSplitter.SHARED.run(FloatGemm.panels(n), 1,
                    (from, to) -> FloatGemm.multiply(a, rowStride, colStride, b, c, 0, m, k, n, from, to));
        } else {
            int grain = Math.max(4, (m / 8 + 3) / 4 * 4); // about 8 chunks, whole 4-row blocks
            RowSplitter.SHARED.run(m, grain,
                    (from, to) -> FloatGemm.multiply(a, rowStride, colStride, b, c, from, to, k, n));
        }
    }

    @Override
    public void addRowVector(float[] z, float[] b, int m, int n) {
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j + L <= n; j += L) {
                FloatVector.fromArray(S, z, row + j).add(FloatVector.fromArray(S, b, j)).intoArray(z, row + j);
            }
            for (; j < n; j++) {
                z[row + j] += b[j];
            }
        }
    }

    @Override
    public void columnSums(float[] d, float[] out, int m, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector sum = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                sum = sum.add(FloatVector.fromArray(S, d, i * n + j));
            }
            sum.intoArray(out, j);
        }
        for (; j < n; j++) {
            float sum = 0f;
            for (int i = 0; i < m; i++) {
                sum += d[i * n + j];
            }
            out[j] = sum;
        }
    }

    @Override
    public void relu(float[] in, float[] out, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, in, i).max(0f).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = Math.max(in[i], 0f);
        }
    }

    @Override
    public void reluBackward(float[] out, float[] dOut, float[] dIn, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector o = FloatVector.fromArray(S, out, i);
            FloatVector.fromArray(S, dOut, i).blend(0f, o.compare(VectorOperators.LE, 0f)).intoArray(dIn, i);
        }
        for (; i < n; i++) {
            dIn[i] = out[i] > 0 ? dOut[i] : 0f;
        }
    }

    @Override
    public void addInto(float[] sum, float[] other, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, sum, i).add(FloatVector.fromArray(S, other, i)).intoArray(sum, i);
        }
        for (; i < n; i++) {
            sum[i] += other[i];
        }
    }

    /**
     * {@inheritDoc} All the tensors' chunks of {@value #STATS_CHUNK} parameters are split between the threads
     * as one range (one hand-off a step, not one a tensor) when there are enough of them; each chunk's
     * statistics are summed apart and combined in order, so they do not depend on the split.
     */
    @Override
    public void momentumSteps(List<Update<float[]>> updates, double learningRate, double momentum,
                              double[] stats) {
        float lr = (float) learningRate;
        float mu = (float) momentum;
        int tensors = updates.size();
        int[] firstChunk = new int[tensors + 1];
        long parameters = 0;
        for (int t = 0; t < tensors; t++) {
            int n = updates.get(t).n();
            firstChunk[t + 1] = firstChunk[t] + (n + STATS_CHUNK - 1) / STATS_CHUNK;
            parameters += n;
        }
        int chunks = firstChunk[tensors];
        if (stats != null && chunkStats.length < chunks * SUMS) {
            chunkStats = new double[chunks * SUMS];
        }
        double[] partial = stats == null ? null : chunkStats;
        RowSplitter.RangeTask task = (from, to) -> {
            int t = 0;
            for (int chunk = from; chunk < to; chunk++) {
                while (chunk >= firstChunk[t + 1]) {
                    t++;
                }
                Update<float[]> u = updates.get(t);
                int start = (chunk - firstChunk[t]) * STATS_CHUNK;
                int end = Math.min(u.n(), start + STATS_CHUNK);
                if (partial == null) {
                    step(u.w(), u.v(), u.g(), u.g2(), start, end, lr, mu);
                } else {
                    stepWithStats(u.w(), u.v(), u.g(), u.g2(), start, end, lr, mu, partial, chunk * SUMS);
                }
            }
        };
        if (parameters >= PARALLEL_MIN_PARAMETERS) {
            RowSplitter.SHARED.run(chunks, 1, task);
        } else {
            task.run(0, chunks);
        }
        if (stats != null) {
            for (int t = 0; t < tensors; t++) {
                int into = updates.get(t).layer() * SUMS;
                for (int chunk = firstChunk[t]; chunk < firstChunk[t + 1]; chunk++) {
                    int at = chunk * SUMS;
                    stats[into + GRAD_SQUARES] += partial[at + GRAD_SQUARES];
                    stats[into + GRAD_ABS_SUM] += partial[at + GRAD_ABS_SUM];
                    stats[into + GRAD_ABS_MAX] = Math.max(stats[into + GRAD_ABS_MAX], partial[at + GRAD_ABS_MAX]);
                    stats[into + VELOCITY_SQUARES] += partial[at + VELOCITY_SQUARES];
                    stats[into + PARAM_SQUARES] += partial[at + PARAM_SQUARES];
                }
            }
        }
    }

    /** The gradient at {@code i}: {@code g}'s, plus {@code g2}'s when there is one. */
    private static float gradient(float[] g, float[] g2, int i) {
        return g2 == null ? g[i] : g[i] + g2[i];
    }

    /** The gradient's vector at {@code i}: {@code g}'s, plus {@code g2}'s when there is one. */
    private static FloatVector gradientVector(float[] g, float[] g2, int i) {
        FloatVector grad = FloatVector.fromArray(S, g, i);
        return g2 == null ? grad : grad.add(FloatVector.fromArray(S, g2, i));
    }

    private static void step(float[] w, float[] v, float[] g, float[] g2, int start, int end, float lr, float mu) {
        int i = start;
        for (; i + L <= end; i += L) {
            FloatVector velocity = FloatVector.fromArray(S, v, i).mul(mu).add(gradientVector(g, g2, i));
            velocity.intoArray(v, i);
            FloatVector.fromArray(S, w, i).sub(velocity.mul(lr)).intoArray(w, i);
        }
        for (; i < end; i++) {
            float velocity = mu * v[i] + gradient(g, g2, i);
            v[i] = velocity;
            w[i] -= lr * velocity;
        }
    }

    /** One chunk's step, writing its statistics to {@code stats[at ..]}. */
    private static void stepWithStats(float[] w, float[] v, float[] g, float[] g2, int start, int end, float lr,
                                      float mu, double[] stats, int at) {
        FloatVector gradSquares = FloatVector.zero(S), gradAbs = gradSquares, gradMax = gradSquares;
        FloatVector velocitySquares = gradSquares, paramSquares = gradSquares;
        int i = start;
        for (; i + L <= end; i += L) {
            FloatVector grad = gradientVector(g, g2, i);
            FloatVector before = FloatVector.fromArray(S, w, i);
            FloatVector velocity = FloatVector.fromArray(S, v, i).mul(mu).add(grad);
            velocity.intoArray(v, i);
            before.sub(velocity.mul(lr)).intoArray(w, i);
            FloatVector abs = grad.abs();
            gradSquares = gradSquares.add(grad.mul(grad));
            gradAbs = gradAbs.add(abs);
            gradMax = gradMax.max(abs);
            velocitySquares = velocitySquares.add(velocity.mul(velocity));
            paramSquares = paramSquares.add(before.mul(before));
        }
        float[] lanes = new float[L];
        stats[at + GRAD_SQUARES] = sumLanes(gradSquares, lanes);
        stats[at + GRAD_ABS_SUM] = sumLanes(gradAbs, lanes);
        stats[at + GRAD_ABS_MAX] = maxLane(gradMax, lanes);
        stats[at + VELOCITY_SQUARES] = sumLanes(velocitySquares, lanes);
        stats[at + PARAM_SQUARES] = sumLanes(paramSquares, lanes);
        for (; i < end; i++) {
            float grad = gradient(g, g2, i);
            float before = w[i];
            float velocity = mu * v[i] + grad;
            v[i] = velocity;
            w[i] = before - lr * velocity;
            stats[at + GRAD_SQUARES] += (double) grad * grad;
            stats[at + GRAD_ABS_SUM] += Math.abs(grad);
            stats[at + GRAD_ABS_MAX] = Math.max(stats[at + GRAD_ABS_MAX], Math.abs(grad));
            stats[at + VELOCITY_SQUARES] += (double) velocity * velocity;
            stats[at + PARAM_SQUARES] += (double) before * before;
        }
    }

    // Lane reductions by hand: on Java 17, reduceLanes is not reliably intrinsified and was measured slow.
    private static double sumLanes(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        double sum = 0;
        for (float lane : lanes) {
            sum += lane;
        }
        return sum;
    }

    private static double maxLane(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        double max = 0;
        for (float lane : lanes) {
            max = Math.max(max, lane);
        }
        return max;
    }
}
