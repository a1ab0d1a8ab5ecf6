package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Each scratch layer on its own")
class LayerGradientCheckTest {

    private final DoubleKernels kernels = new DoubleKernels();
    private final SplittableRandom random = new SplittableRandom(11);

    private double[] randomArray(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextDouble(-1, 1);
        }
        return a;
    }

    /** sum(out .* r): a scalar loss whose gradient with respect to out is r. */
    private static double dot(double[] out, double[] r) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += out[i] * r[i];
        }
        return s;
    }

    @Test
    @DisplayName("Dense has weight, bias and input gradients that match central differences")
    void denseMatchesNumericalGradient() {
        int m = 3, fanIn = 6, fanOut = 5;
        Dense<double[]> dense = new Dense<>(kernels, fanIn, fanOut, randomArray(fanIn * fanOut), randomArray(fanOut));
        double[] x = randomArray(m * fanIn);
        double[] r = randomArray(m * fanOut);
        dense.forward(x, m);
        double[] dx = dense.backward(r, m, true).clone();
        double[] dw = dense.weightGrad.clone();
        double[] db = dense.biasGrad.clone();
        GradientCheck.checkAll("dense.weight", dense.weight, dw, () -> dot(dense.forward(x, m), r));
        GradientCheck.checkAll("dense.bias", dense.bias, db, () -> dot(dense.forward(x, m), r));
        GradientCheck.checkAll("dense.input", x, dx, () -> dot(dense.forward(x, m), r));
    }

    @Test
    @DisplayName("ReLU has an input gradient that matches central differences away from the kink")
    void reluMatchesNumericalGradient() {
        int m = 4, width = 5;
        Relu<double[]> relu = new Relu<>(kernels, width);
        double[] x = randomArray(m * width);
        for (int i = 0; i < x.length; i++) {
            x[i] += Math.signum(x[i]) * 0.1; // keep |x| >= 0.1, far from the kink at 0
        }
        double[] r = randomArray(m * width);
        relu.forward(x, m);
        double[] dx = relu.backward(r, m).clone();
        GradientCheck.checkAll("relu.input", x, dx, () -> dot(relu.forward(x, m), r));
    }

    @Test
    @DisplayName("Softmax cross-entropy has a logit gradient that matches central differences")
    void softmaxCrossEntropyMatchesNumericalGradient() {
        int m = 4, classes = 3;
        SoftmaxCrossEntropy<double[]> head = new SoftmaxCrossEntropy<>(kernels, classes);
        double[] logits = randomArray(m * classes);
        int[] labels = {0, 2, 1, 2};
        head.forward(logits, labels, 0, m);
        double[] d = head.backward(m).clone();
        GradientCheck.checkAll("softmax.logits", logits, d, () -> head.forward(logits, labels, 0, m));
    }

    @Test
    @DisplayName("Softmax cross-entropy gives the hand-computed loss and is stable for huge logits")
    void softmaxCrossEntropyHandComputed() {
        SoftmaxCrossEntropy<double[]> head = new SoftmaxCrossEntropy<>(kernels, 2);
        // p = softmax(0, ln 3) = (1/4, 3/4); loss of label 0 is ln 4, of label 1 is ln(4/3).
        double loss = head.forward(new double[] {0, Math.log(3), 0, Math.log(3)}, new int[] {0, 1}, 0, 2);
        org.assertj.core.api.Assertions.assertThat(loss)
                .isCloseTo((Math.log(4) + Math.log(4.0 / 3)) / 2, org.assertj.core.api.Assertions.within(1e-15));
        // A probability of exp(-1000) is clipped at 1e-15: loss -ln(1e-15), not infinity.
        double clipped = head.forward(new double[] {1000, 0}, new int[] {1}, 0, 1);
        org.assertj.core.api.Assertions.assertThat(clipped)
                .isCloseTo(-Math.log(1e-15), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    @DisplayName("The gradient checker itself rejects a gradient that is off by 0.1%")
    void checkerRejectsWrongGradient() {
        double[] w = {0.7};
        assertThatThrownBy(() -> GradientCheck.checkAll("w", w, new double[] {2 * 0.7 * 1.001}, () -> w[0] * w[0]))
                .isInstanceOf(AssertionError.class).hasMessageContaining("w[0]");
        assertThatThrownBy(() -> GradientCheck.assertAgrees("v", 3, Double.NaN, 1.0))
                .isInstanceOf(AssertionError.class).hasMessageContaining("NaN").hasMessageContaining("v[3]");
    }
}
