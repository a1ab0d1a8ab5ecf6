package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.model.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The whole scratch network")
class NetworkGradientCheckTest {

    static float[] randomInputs(int n, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }

    static int[] randomLabels(int n, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }

    /** Kaiming weights with small random biases, so bias gradients are exercised away from zero. */
    static ParameterSet initialWithBiases(ModelSpec spec, long seed) {
        ParameterSet p = KaimingInit.initialise(spec, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        for (int l = 0; l < spec.layerCount(); l++) {
            double[] b = p.bias(l).values();
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextDouble(-0.1, 0.1);
            }
        }
        return p;
    }

    @Test
    @DisplayName("A 6-5-4-3 float64 network has parameter gradients that match central differences")
    void networkMatchesNumericalGradient() {
        ModelSpec spec = new ModelSpec(6, new int[] {5, 4}, 3, Precision.FLOAT64);
        int n = 5;
        float[] x = randomInputs(n, 6, 1);
        int[] labels = randomLabels(n, 3, 2);
        ParameterSet params = initialWithBiases(spec, 3);
        Model model = new ScratchBackend().create(spec, params);
        double loss = model.computeGradients(x, labels, n);
        ParameterSet analytic = model.gradients();
        assertThat(model.evaluate(x, labels, n, null)).isEqualTo(loss);

        ParameterSet probe = params.copy();
        for (int t = 0; t < probe.tensors().size(); t++) {
            Tensor tensor = probe.tensors().get(t);
            GradientCheck.checkAll(tensor.name(), tensor.values(), analytic.tensors().get(t).values(), () -> {
                model.restoreParameters(probe);
                return model.evaluate(x, labels, n, null);
            });
        }
        // evaluate() left the gradients of the original batch alone.
        assertThat(model.gradients().tensors().get(0).values()).containsExactly(analytic.tensors().get(0).values());
    }

    @Test
    @DisplayName("Float32 gradients agree with float64 gradients on the same weights and batch")
    void float32AgreesWithFloat64() {
        ModelSpec spec32 = new ModelSpec(784, new int[] {128, 100}, 10, Precision.FLOAT32);
        ModelSpec spec64 = new ModelSpec(784, new int[] {128, 100}, 10, Precision.FLOAT64);
        ParameterSet params = KaimingInit.initialise(spec32, 5); // float-representable weights
        int n = 64;
        float[] x = randomInputs(n, 784, 6);
        int[] labels = randomLabels(n, 10, 7);
        Model m32 = new ScratchBackend().create(spec32, params);
        Model m64 = new ScratchBackend().create(spec64, params);
        double loss32 = m32.computeGradients(x, labels, n);
        double loss64 = m64.computeGradients(x, labels, n);
        assertThat(loss32).isCloseTo(loss64, within(1e-5 * loss64));
        assertThat(m32.lastBatchCorrect()).isEqualTo(m64.lastBatchCorrect());
        for (int t = 0; t < params.tensors().size(); t++) {
            double[] g32 = m32.gradients().tensors().get(t).values();
            double[] g64 = m64.gradients().tensors().get(t).values();
            double norm64 = norm(g64);
            double maxDiff = 0;
            for (int i = 0; i < g64.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(g32[i] - g64[i]));
            }
            String name = params.tensors().get(t).name();
            assertThat(norm(g32)).as(name + " norm").isCloseTo(norm64, within(1e-4 * norm64));
            assertThat(maxDiff).as(name + " max abs difference").isLessThan(1e-4 * maxAbs(g64));
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
