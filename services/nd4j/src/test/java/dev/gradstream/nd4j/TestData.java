package dev.gradstream.nd4j;

import dev.gradstream.core.model.Model;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded inputs, labels and short training runs shared by the nd4j tests. */
final class TestData {

    private TestData() {
    }

    /** {@code n x features} pixels uniform in [0, 1). */
    static float[] inputs(int n, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }

    /** {@code n x dim} values, normal with deviation 0.4 (about that of GloVe's components). */
    static float[] wordVectors(int n, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) {
            double u1 = 1.0 - random.nextDouble();
            v[i] = (float) (0.4 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return v;
    }

    /** {@code n} class indices uniform in [0, classes). */
    static int[] labels(int n, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    /**
     * {@code steps} SGD steps over consecutive batches of {@code batch} rows (wrapping around), returning the
     * loss of each step before its update.
     */
    static double[] train(Model model, float[] x, int[] labels, int batch, int steps, double lr, double mu) {
        int features = model.spec().inputSize();
        int n = labels.length;
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            int from = (s * batch) % n;
            int rows = Math.min(batch, n - from);
            losses[s] = model.computeGradients(Arrays.copyOfRange(x, from * features, (from + rows) * features),
                    Arrays.copyOfRange(labels, from, from + rows), rows);
            model.applyUpdate(lr, mu, null);
        }
        return losses;
    }

    /** Largest |a[i] - b[i]|. */
    static double maxAbsDiff(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
