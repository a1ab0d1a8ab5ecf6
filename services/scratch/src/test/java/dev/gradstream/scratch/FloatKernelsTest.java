package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The float kernels")
class FloatKernelsTest {

    private final FloatKernels floats = new FloatKernels();
    private final DoubleKernels doubles = new DoubleKernels();

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static void assertClose(float[] actual, double[] expected, int n, int k) {
        for (int i = 0; i < n; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i],
                    org.assertj.core.api.Assertions.within(1e-5 * k));
        }
    }

    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @CsvSource({"1,1,1", "7,13,37", "5,3,83", "64,784,128", "9,40,10", "130,64,100", "3,17,16", "32,128,128", "32,128,10"})
    @DisplayName("All three products match plain double loops on odd, vector-sized and parallel shapes")
    void productsMatchDoubleLoops(int m, int k, int n) {
        float[] x = random(m * k, 1);
        float[] w = random(k * n, 2);
        float[] d = random(m * n, 3);

        float[] out = new float[m * n];
        floats.multiply(x, w, out, m, k, n);
        double[] expected = new double[m * n];
        doubles.multiply(widen(x), widen(w), expected, m, k, n);
        assertClose(out, expected, m * n, k);

        float[] dw = new float[k * n];
        floats.multiplyTransposedLeft(x, d, dw, m, k, n);
        double[] expectedDw = new double[k * n];
        doubles.multiplyTransposedLeft(widen(x), widen(d), expectedDw, m, k, n);
        assertClose(dw, expectedDw, k * n, m);

        float[] dx = new float[m * k];
        floats.multiplyTransposedRight(d, w, dx, m, k, n);
        double[] expectedDx = new double[m * k];
        doubles.multiplyTransposedRight(widen(d), widen(w), expectedDx, m, k, n);
        assertClose(dx, expectedDx, m * k, n);
    }

    @Test
    @DisplayName("Splitting the rows of a product anywhere gives bit-identical results")
    void rowSplitsDoNotChangeBits() {
        int m = 23, k = 50, n = 70;
        float[] a = random(m * k, 4);
        float[] b = random(k * n, 5);
        float[] whole = new float[m * n];
        FloatGemm.multiply(a, k, 1, b, whole, 0, m, k, n);
        for (int split = 1; split < m; split++) {
            float[] parts = new float[m * n];
            FloatGemm.multiply(a, k, 1, b, parts, 0, split, k, n);
            FloatGemm.multiply(a, k, 1, b, parts, split, m, k, n);
            assertThat(parts).as("split at row %d", split).containsExactly(whole);
        }
    }

    @Test
    @DisplayName("Splitting the columns of a product by panels anywhere gives bit-identical results")
    void panelSplitsDoNotChangeBits() {
        int m = 9, k = 31;
        int n = 3 * FloatGemm.PANEL + FloatGemm.SPECIES.length() + 5; // whole panels, one vector, a partial one
        float[] a = random(m * k, 8);
        float[] b = random(k * n, 9);
        float[] whole = new float[m * n];
        FloatGemm.multiply(a, k, 1, b, whole, 0, m, k, n);
        int panels = FloatGemm.panels(n);
        for (int split = 0; split <= panels; split++) {
            float[] parts = new float[m * n];
            FloatGemm.multiply(a, k, 1, b, parts, 0, m, k, n, 0, split);
            FloatGemm.multiply(a, k, 1, b, parts, 0, m, k, n, split, panels);
            assertThat(parts).as("split at panel %d", split).containsExactly(whole);
        }
    }

    @ParameterizedTest(name = "m={0} k={1} n={2}")
    @CsvSource({"64,512,512", "64,128,128", "5,40,33", "64,512,32"})
    @DisplayName("The input gradient is bit-identical to the product with an explicitly transposed W, either way round")
    void inputGradientIsExact(int m, int k, int n) {
        float[] d = random(m * n, 10);
        float[] w = random(k * n, 11);
        float[] wt = new float[n * k];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                wt[j * k + p] = w[p * n + j];
            }
        }
        float[] expected = new float[m * k];
        FloatGemm.multiply(d, n, 1, wt, expected, 0, m, n, k);
        float[] actual = new float[m * k];
        floats.multiplyTransposedRight(d, w, actual, m, k, n);
        assertThat(actual).containsExactly(expected);
    }

    @Test
    @DisplayName("Element-wise kernels match their double counterparts")
    void elementWiseMatchesDoubles() {
        int m = 5, n = 37;
        float[] z = random(m * n, 6);
        float[] b = random(n, 7);
        double[] zd = widen(z);
        floats.addRowVector(z, b, m, n);
        doubles.addRowVector(zd, widen(b), m, n);
        assertClose(z, zd, m * n, 1);

        float[] sums = new float[n];
        double[] sumsD = new double[n];
        floats.columnSums(z, sums, m, n);
        doubles.columnSums(zd, sumsD, m, n);
        assertClose(sums, sumsD, n, m);

        float[] y = new float[m * n];
        float[] dIn = new float[m * n];
        floats.relu(z, y, m * n);
        floats.reluBackward(y, z, dIn, m * n);
        for (int i = 0; i < m * n; i++) {
            assertThat(y[i]).isEqualTo(Math.max(z[i], 0f));
            assertThat(dIn[i]).isEqualTo(z[i] > 0 ? z[i] : 0f);
        }

        int count = 2 * FloatKernels.PARALLEL_MIN_PARAMETERS + 5; // two threads, many chunks, a scalar tail
        float[] w = random(count, 8), v = random(count, 9), g = random(count, 10);
        double[] wd = widen(w), vd = widen(v), gd = widen(g);
        double[] stats = new double[dev.gradstream.core.model.LayerGradientStats.SUMS];
        double[] statsD = new double[dev.gradstream.core.model.LayerGradientStats.SUMS];
        floats.momentumSteps(java.util.List.of(new Kernels.Update<>(w, v, g, null, count, 0)), 0.5, 0.25, stats);
        doubles.momentumSteps(java.util.List.of(new Kernels.Update<>(wd, vd, gd, null, count, 0)), 0.5, 0.25, statsD);
        assertClose(w, wd, count, 1);
        assertClose(v, vd, count, 1);
        for (int s = 0; s < dev.gradstream.core.model.LayerGradientStats.SUMS; s++) {
            assertThat(stats[s]).as("statistic %d", s).isCloseTo(statsD[s],
                    org.assertj.core.api.Assertions.within(1e-5 * Math.abs(statsD[s])));
        }
    }

    @Test
    @DisplayName("One momentum step over several tensors adds the second half's gradient and keeps each layer's statistics")
    void momentumStepsOverSeveralTensors() {
        int big = 3 * FloatKernels.PARALLEL_MIN_PARAMETERS + 7; // split between the threads, a scalar tail
        int[] sizes = {big, 129, 1000, 10};
        int[] layers = {0, 0, 1, 1};
        java.util.List<Kernels.Update<float[]>> updates = new java.util.ArrayList<>();
        java.util.List<Kernels.Update<double[]>> expected = new java.util.ArrayList<>();
        java.util.List<float[]> weights = new java.util.ArrayList<>();
        java.util.List<double[]> expectedWeights = new java.util.ArrayList<>();
        for (int t = 0; t < sizes.length; t++) {
            float[] w = random(sizes[t], 20 + t), v = random(sizes[t], 30 + t);
            float[] g = random(sizes[t], 40 + t), g2 = random(sizes[t], 50 + t);
            double[] wd = widen(w);
            updates.add(new Kernels.Update<>(w, v, g, g2, sizes[t], layers[t]));
            expected.add(new Kernels.Update<>(wd, widen(v), widen(g), widen(g2), sizes[t], layers[t]));
            weights.add(w);
            expectedWeights.add(wd);
        }
        int sums = dev.gradstream.core.model.LayerGradientStats.SUMS;
        double[] stats = new double[2 * sums];
        double[] statsD = new double[2 * sums];
        floats.momentumSteps(updates, 0.5, 0.25, stats);
        doubles.momentumSteps(expected, 0.5, 0.25, statsD);
        for (int t = 0; t < sizes.length; t++) {
            assertClose(weights.get(t), expectedWeights.get(t), sizes[t], 2);
        }
        for (int s = 0; s < 2 * sums; s++) {
            assertThat(stats[s]).as("statistic %d", s).isCloseTo(statsD[s],
                    org.assertj.core.api.Assertions.within(1e-5 * Math.abs(statsD[s])));
        }
        // Layer 0's gradient sum of squares is that of g + g2 over its two tensors, not of g alone.
        double squares = 0;
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < sizes[t]; i++) {
                double grad = expected.get(t).g()[i] + expected.get(t).g2()[i];
                squares += grad * grad;
            }
        }
        assertThat(stats[dev.gradstream.core.model.LayerGradientStats.GRAD_SQUARES])
                .isCloseTo(squares, org.assertj.core.api.Assertions.within(1e-5 * squares));
    }
}
