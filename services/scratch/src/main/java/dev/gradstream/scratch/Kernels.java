package dev.gradstream.scratch;

import dev.gradstream.core.model.LayerGradientStats;
import java.util.List;

/**
 * The handful of array operations the scratch layers are written against, so that each layer's maths is
 * written once and runs in either precision: {@link FloatKernels} over {@code float[]} (vectorised and
 * two-threaded) and {@link DoubleKernels} over {@code double[]} (plain loops, for gradient checks).
 *
 * <p>All matrices are row-major. Every result element is a fixed sequence of operations that does not
 * depend on how work is split between threads, so results are bit-identical from run to run.
 *
 * @param <A> the array type: {@code float[]} or {@code double[]}
 */
interface Kernels<A> {

    /** A zero-filled array of {@code n} elements. */
    A allocate(int n);

    /** Element {@code i} widened to double. */
    double get(A array, int i);

    /** Sets element {@code i}, rounding to the array's precision. */
    void set(A array, int i, double value);

    /** The values rounded to this precision. */
    A fromDoubles(double[] values);

    /** The first {@code n} values widened to doubles. */
    double[] toDoubles(A array, int n);

    /**
     * {@code x[from .. from + n)} as an array of this precision: {@code scratch} (which must hold {@code n}
     * elements) filled with the values, or {@code x} itself when no copy is needed.
     */
    A input(float[] x, int from, int n, A scratch);

    /** {@code out[m x n] = x[m x k] . w[k x n]}. */
    void multiply(A x, A w, A out, int m, int k, int n);

    /** {@code out[k x n] = transpose(x[m x k]) . d[m x n]}: a weight gradient. */
    void multiplyTransposedLeft(A x, A d, A out, int m, int k, int n);

    /** {@code out[m x k] = d[m x n] . transpose(w[k x n])}: an input gradient. */
    void multiplyTransposedRight(A d, A w, A out, int m, int k, int n);

    /** Adds the row vector {@code b[n]} to every row of {@code z[m x n]}. */
    void addRowVector(A z, A b, int m, int n);

    /** {@code out[j] = sum over i of d[i x n + j]}, rows summed in order. */
    void columnSums(A d, A out, int m, int n);

    /** {@code sum[i] += other[i]} over {@code n} elements. */
    void addInto(A sum, A other, int n);

    /** {@code out = max(in, 0)} over {@code n} elements. */
    void relu(A in, A out, int n);

    /** {@code dIn = dOut where out > 0, else 0} over {@code n} elements. */
    void reluBackward(A out, A dOut, A dIn, int n);

    /**
     * One tensor of a {@link #momentumSteps} call: {@code n} parameters {@code w}, their velocity {@code v} and
     * gradient {@code g}, plus {@code g2} when it is not null (the gradient of a batch's second half), adding
     * to the statistics of layer {@code layer}.
     */
    record Update<A>(A w, A v, A g, A g2, int n, int layer) {
    }

    /**
     * One SGD-with-momentum step over several tensors at once: for each, with {@code g' = g + g2} (or
     * {@code g}), {@code v = mu * v + g'; w -= lr * v}.
     *
     * @param stats if not null, accumulates (adds to) each tensor's {@code [sum g'^2, sum |g'|, max |g'|,
     *              sum v^2 (new v), sum w^2 (w before the step)]} at {@code stats[layer * SUMS ..]}, indexed
     *              as in {@link LayerGradientStats}, tensor by tensor in order
     */
    void momentumSteps(List<Update<A>> updates, double learningRate, double momentum, double[] stats);
}
