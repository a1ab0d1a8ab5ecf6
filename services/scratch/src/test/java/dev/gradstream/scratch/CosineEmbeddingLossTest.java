package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The cosine embedding loss layer")
class CosineEmbeddingLossTest {

    private static final DoubleKernels KERNELS = new DoubleKernels();

    private static double[] random(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    @DisplayName("Loss, scores and hits match a hand-computed 2-d case")
    void handComputed() {
        CosineEmbeddingLoss<double[]> loss = new CosineEmbeddingLoss<>(KERNELS, 2, 2);
        double[] u = {3, 4, /* */ 0, -2};
        double[] e = {1, 0, /* */ 0, 5};
        int[] labels = {1, 0};
        // cos(u0, e0) = 3/5, cos(u0, e1) = 4/5; cos(u1, e0) = 0, cos(u1, e1) = -1.
        double mean = loss.forward(u, e, labels, 0, 2);
        assertThat(loss.score(0, 0)).isCloseTo(0.6, within(1e-15));
        assertThat(loss.score(0, 1)).isCloseTo(0.8, within(1e-15));
        assertThat(loss.score(1, 0)).isCloseTo(0.0, within(1e-15));
        assertThat(loss.score(1, 1)).isCloseTo(-1.0, within(1e-15));
        assertThat(mean).isCloseTo(((1 - 0.8) + (1 - 0.0)) / 2, within(1e-15));
        assertThat(loss.correct()).isEqualTo(2); // row 1: argmax is class 0 (0 > -1), its label

        double[] du = loss.backward(2);
        // Row 0: g = -ê1/2 = (0, -1/2); û0 = (0.6, 0.8); du = (g - û (û·g)) / 5 = ((0, -.5) + .4 (.6, .8)) / 5.
        assertThat(du[0]).isCloseTo(0.24 / 5, within(1e-15));
        assertThat(du[1]).isCloseTo((-0.5 + 0.32) / 5, within(1e-15));
        double[] de = loss.classGradient();
        // Class 1 gets -û0/2 = (-0.3, -0.4); projected off ê1 = (0, 1) and divided by 5: (-0.06, 0).
        assertThat(de[2]).isCloseTo(-0.06, within(1e-15));
        assertThat(de[3]).isCloseTo(0.0, within(1e-15));
    }

    @Test
    @DisplayName("Gradients with respect to the embeddings and the class embeddings match central differences")
    void matchesNumericalGradient() {
        int m = 7;
        int width = 5;
        int classes = 3;
        double[] u = random(m * width, 1);
        double[] e = random(classes * width, 2);
        int[] labels = {0, 2, 2, 1, 0, 2, 2}; // class 2 used four times, so its gradient sums over samples
        CosineEmbeddingLoss<double[]> loss = new CosineEmbeddingLoss<>(KERNELS, width, classes);
        loss.forward(u, e, labels, 0, m);
        double[] du = loss.backward(m).clone();
        double[] de = loss.classGradient().clone();
        GradientCheck.checkAll("u", u, du, () -> loss.forward(u, e, labels, 0, m));
        GradientCheck.checkAll("E", e, de, () -> loss.forward(u, e, labels, 0, m));
    }

    @Test
    @DisplayName("A label offset selects the labels of an evaluation chunk")
    void labelOffset() {
        CosineEmbeddingLoss<double[]> loss = new CosineEmbeddingLoss<>(KERNELS, 2, 2);
        double[] u = {1, 0};
        double[] e = {1, 0, 0, 1};
        assertThat(loss.forward(u, e, new int[] {0, 0, 1}, 2, 1)).isCloseTo(1.0, within(1e-15));
        assertThat(loss.forward(u, e, new int[] {0, 0, 1}, 1, 1)).isCloseTo(0.0, within(1e-15));
    }

    @Test
    @DisplayName("A zero embedding has cosine 0 with every class and finite gradients (norm clamped at eps)")
    void zeroVectorGuard() {
        CosineEmbeddingLoss<double[]> loss = new CosineEmbeddingLoss<>(KERNELS, 3, 2);
        double[] u = {0, 0, 0};
        double[] e = {1, 2, 2, 0, 0, 0};
        assertThat(loss.forward(u, e, new int[] {0}, 0, 1)).isEqualTo(1.0);
        assertThat(loss.score(0, 0)).isEqualTo(0.0);
        assertThat(loss.score(0, 1)).isEqualTo(0.0);
        double[] du = loss.backward(1);
        // Below eps the normalisation is v / eps, so du = -ê0 / eps = -(1/3, 2/3, 2/3) / 1e-8.
        assertThat(du[0]).isCloseTo(-1.0 / 3 / CosineEmbeddingLoss.NORM_EPSILON, within(1e-3));
        assertThat(du[1]).isCloseTo(-2.0 / 3 / CosineEmbeddingLoss.NORM_EPSILON, within(1e-3));
        for (double d : loss.classGradient()) {
            assertThat(d).isFinite();
        }
    }
}
