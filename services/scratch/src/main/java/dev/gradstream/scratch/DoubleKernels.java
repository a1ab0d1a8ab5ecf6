package dev.gradstream.scratch;

import static dev.gradstream.core.model.LayerGradientStats.GRAD_ABS_MAX;
import static dev.gradstream.core.model.LayerGradientStats.GRAD_ABS_SUM;
import static dev.gradstream.core.model.LayerGradientStats.GRAD_SQUARES;
import static dev.gradstream.core.model.LayerGradientStats.PARAM_SQUARES;
import static dev.gradstream.core.model.LayerGradientStats.SUMS;
import static dev.gradstream.core.model.LayerGradientStats.VELOCITY_SQUARES;

import java.util.List;

/**
 * {@link Kernels} over {@code double[]}: plain single-threaded loops. Slow but simple; it serves the
 * gradient checks and float32-versus-float64 comparisons, not training speed.
 */
final class DoubleKernels implements Kernels<double[]> {

    @Override
    public double[] allocate(int n) {
        return new double[n];
    }

    @Override
    public double get(double[] array, int i) {
        return array[i];
    }

    @Override
    public void set(double[] array, int i, double value) {
        array[i] = value;
    }

    @Override
    public double[] fromDoubles(double[] values) {
        return values.clone();
    }

    @Override
    public double[] toDoubles(double[] array, int n) {
        return java.util.Arrays.copyOf(array, n);
    }

    @Override
    public double[] input(float[] x, int from, int n, double[] scratch) {
        for (int i = 0; i < n; i++) {
            scratch[i] = x[from + i];
        }
        return scratch;
    }

    @Override
    public void multiply(double[] x, double[] w, double[] out, int m, int k, int n) {
        multiply(x, k, 1, w, out, m, k, n);
    }

    /** {@inheritDoc} {@code x} read as its transpose through strides. */
    @Override
    public void multiplyTransposedLeft(double[] x, double[] d, double[] out, int m, int k, int n) {
        multiply(x, 1, k, d, out, k, m, n);
    }

    /**
     * {@code out[m x n] = A[m x k] . b[k x n]} with {@code A(i, p) = a[i * rowStride + p * colStride]}, so
     * that a transposed A costs nothing; each element is summed over p in order, starting from 0.
     */
    private static void multiply(double[] a, int rowStride, int colStride, double[] b, double[] out,
                                 int m, int k, int n) {
        java.util.Arrays.fill(out, 0, m * n, 0.0);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double x = a[i * rowStride + p * colStride];
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += x * b[p * n + j];
                }
            }
        }
    }

    @Override
    public void multiplyTransposedRight(double[] d, double[] w, double[] out, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += d[i * n + j] * w[p * n + j];
                }
                out[i * k + p] = sum;
            }
        }
    }

    @Override
    public void addRowVector(double[] z, double[] b, int m, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                z[i * n + j] += b[j];
            }
        }
    }

    @Override
    public void columnSums(double[] d, double[] out, int m, int n) {
        java.util.Arrays.fill(out, 0, n, 0.0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out[j] += d[i * n + j];
            }
        }
    }

    @Override
    public void relu(double[] in, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = in[i] > 0 ? in[i] : 0.0;
        }
    }

    @Override
    public void reluBackward(double[] out, double[] dOut, double[] dIn, int n) {
        for (int i = 0; i < n; i++) {
            dIn[i] = out[i] > 0 ? dOut[i] : 0.0;
        }
    }

    @Override
    public void addInto(double[] sum, double[] other, int n) {
        for (int i = 0; i < n; i++) {
            sum[i] += other[i];
        }
    }

    @Override
    public void momentumSteps(List<Update<double[]>> updates, double learningRate, double momentum,
                              double[] stats) {
        for (Update<double[]> u : updates) {
            double[] w = u.w(), v = u.v(), g = u.g(), g2 = u.g2();
            int at = u.layer() * SUMS;
            for (int i = 0; i < u.n(); i++) {
                double grad = g2 == null ? g[i] : g[i] + g2[i];
                double before = w[i];
                double velocity = momentum * v[i] + grad;
                v[i] = velocity;
                w[i] = before - learningRate * velocity;
                if (stats != null) {
                    double abs = Math.abs(grad);
                    stats[at + GRAD_SQUARES] += grad * grad;
                    stats[at + GRAD_ABS_SUM] += abs;
                    stats[at + GRAD_ABS_MAX] = Math.max(stats[at + GRAD_ABS_MAX], abs);
                    stats[at + VELOCITY_SQUARES] += velocity * velocity;
                    stats[at + PARAM_SQUARES] += before * before;
                }
            }
        }
    }
}
