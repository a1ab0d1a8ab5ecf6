package dev.gradstream.scratch;

import static dev.gradstream.scratch.NetworkGradientCheckTest.randomInputs;
import static dev.gradstream.scratch.NetworkGradientCheckTest.randomLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Training the scratch model")
class TrainingTest {

    @Test
    @DisplayName("A network memorises 20 random samples of 4 classes: 100% accuracy, loss near 0")
    void memorisesTinyDataSet() {
        ModelSpec spec = new ModelSpec(10, new int[] {32, 32}, 4, Precision.FLOAT32);
        int n = 20;
        float[] x = randomInputs(n, 10, 21);
        int[] labels = randomLabels(n, 4, 22);
        Model model = new ScratchBackend().create(spec, KaimingInit.initialise(spec, 23));
        double first = model.computeGradients(x, labels, n);
        for (int epoch = 0; epoch < 500; epoch++) {
            for (int from = 0; from < n; from += 5) {
                model.computeGradients(java.util.Arrays.copyOfRange(x, from * 10, (from + 5) * 10),
                        java.util.Arrays.copyOfRange(labels, from, from + 5), 5);
                model.applyUpdate(0.05, 0.9, null);
            }
        }
        float[] scores = new float[n * 4];
        double loss = model.evaluate(x, labels, n, scores);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < 4; c++) {
                if (scores[i * 4 + c] > scores[i * 4 + best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        assertThat(first).isGreaterThan(0.5);
        assertThat(correct).isEqualTo(n);
        assertThat(loss).isLessThan(0.01);
        assertThat(model.computeGradients(x, labels, n)).isCloseTo(loss, within(1e-6));
        assertThat(model.lastBatchCorrect()).isEqualTo(n);
    }

    @Test
    @DisplayName("Momentum follows v = mu*v + g; w -= lr*v on a hand-computed two-step case")
    void momentumRuleByHand() {
        // 2 inputs -> 2 classes, no hidden layer, zero weights: logits 0, p = (1/2, 1/2).
        ModelSpec spec = new ModelSpec(2, new int[0], 2, Precision.FLOAT64);
        Model model = new ScratchBackend().create(spec, zeros(spec));
        float[] x = {1, 2};
        int[] label = {0};
        double mu = 0.9;

        model.computeGradients(x, label, 1);
        // dz = p - onehot = (-1/2, 1/2); dW = x^T dz; db = dz.
        double[] g1w = {-0.5, 0.5, -1.0, 1.0};
        double[] g1b = {-0.5, 0.5};
        assertThat(model.gradients().weight(0).values()).containsExactly(g1w);
        assertThat(model.gradients().bias(0).values()).containsExactly(g1b);
        LayerGradientStats[] stats = new LayerGradientStats[1];
        model.applyUpdate(0.1, mu, stats);
        // Step 1: v = g1; w = 0 - 0.1 g1 (a Nesterov step would be 0.1 (1 + mu) g1; dampening (1 - mu) g1).
        assertThat(model.parameters().weight(0).values()).containsExactly(0.05, -0.05, 0.1, -0.1);
        assertThat(model.parameters().bias(0).values()).containsExactly(0.05, -0.05);
        assertThat(stats[0].l2Norm()).isCloseTo(Math.sqrt(0.25 * 4 + 2), within(1e-15));
        assertThat(stats[0].maxAbs()).isEqualTo(1.0);
        assertThat(stats[0].meanAbs()).isCloseTo(4.0 / 6, within(1e-15));
        assertThat(stats[0].updateRatio()).isEqualTo(Double.POSITIVE_INFINITY); // parameters were all zero

        model.computeGradients(x, label, 1);
        // logits = x W + b = (0.05 + 0.2 + 0.05, -(0.3)) = (0.3, -0.3).
        double p0 = 1 / (1 + Math.exp(-0.6));
        double[] g2w = {(p0 - 1), (1 - p0), 2 * (p0 - 1), 2 * (1 - p0)};
        double[] g2b = {(p0 - 1), (1 - p0)};
        double[] gotW = model.gradients().weight(0).values();
        for (int i = 0; i < 4; i++) {
            assertThat(gotW[i]).isCloseTo(g2w[i], within(1e-15));
        }
        ParameterSet before = model.parameters();
        ParameterSet g2 = model.gradients();
        model.applyUpdate(0.2, mu, stats); // a changed lr tells v = mu v + g apart from v = mu v + lr g
        double[] w = model.parameters().weight(0).values();
        double[] b = model.parameters().bias(0).values();
        for (int i = 0; i < 4; i++) {
            double v = mu * g1w[i] + g2.weight(0).values()[i];
            assertThat(w[i]).isEqualTo(before.weight(0).values()[i] - 0.2 * v);
        }
        for (int i = 0; i < 2; i++) {
            double v = mu * g1b[i] + g2.bias(0).values()[i];
            assertThat(b[i]).isEqualTo(before.bias(0).values()[i] - 0.2 * v);
        }
        double vNorm = 0, wNorm = 0;
        for (int i = 0; i < 4; i++) {
            vNorm += Math.pow(mu * g1w[i] + g2.weight(0).values()[i], 2);
            wNorm += Math.pow(before.weight(0).values()[i], 2);
        }
        for (int i = 0; i < 2; i++) {
            vNorm += Math.pow(mu * g1b[i] + g2.bias(0).values()[i], 2);
            wNorm += Math.pow(before.bias(0).values()[i], 2);
        }
        assertThat(stats[0].updateRatio()).isCloseTo(0.2 * Math.sqrt(vNorm) / Math.sqrt(wNorm), within(1e-12));
    }

    @Test
    @DisplayName("setParameters clears momentum, restoreParameters keeps it")
    void setParametersClearsMomentum() {
        ModelSpec spec = new ModelSpec(2, new int[0], 2, Precision.FLOAT64);
        float[] x = {1, 2};
        int[] label = {0};
        Model cleared = new ScratchBackend().create(spec, zeros(spec));
        Model kept = new ScratchBackend().create(spec, zeros(spec));
        for (Model m : List.of(cleared, kept)) {
            m.computeGradients(x, label, 1);
            m.applyUpdate(0.1, 0.9, null);
        }
        cleared.setParameters(zeros(spec));
        kept.restoreParameters(zeros(spec));
        for (Model m : List.of(cleared, kept)) {
            m.computeGradients(x, label, 1);
            m.applyUpdate(0.1, 0.9, null);
        }
        // From zero weights the gradient is g1 again: cleared takes 0.1 g1, kept 0.1 (0.9 g1 + g1).
        assertThat(cleared.parameters().weight(0).values()[2]).isCloseTo(0.1, within(1e-15));
        assertThat(kept.parameters().weight(0).values()[2]).isCloseTo(0.19, within(1e-15));
    }

    private static ParameterSet zeros(ModelSpec spec) {
        ParameterSet p = KaimingInit.initialise(spec, 0);
        for (var t : p.tensors()) {
            java.util.Arrays.fill(t.values(), 0.0);
        }
        return p;
    }

    @Test
    @DisplayName("A batch is cut in two halves of whole 4-row blocks; up to 4 rows it stays whole")
    void batchHalves() {
        assertThat(BatchHalves.firstHalfRows(64)).isEqualTo(32);
        assertThat(BatchHalves.firstHalfRows(256)).isEqualTo(128);
        assertThat(BatchHalves.firstHalfRows(63)).isEqualTo(32);
        assertThat(BatchHalves.firstHalfRows(10)).isEqualTo(8);
        assertThat(BatchHalves.firstHalfRows(5)).isEqualTo(4);
        for (int rows = 1; rows <= 4; rows++) {
            assertThat(BatchHalves.firstHalfRows(rows)).isEqualTo(rows);
        }
    }

    @Test
    @DisplayName("Two float32 models with the same start and batches give bit-identical losses, threads or not")
    void float32TrainingIsDeterministic() throws Exception {
        // 64 x 784 x 128 multiply-adds is far above FloatKernels.PARALLEL_MIN_MULTIPLY_ADDS: two threads.
        assertThat(64L * 784 * 128).isGreaterThan(FloatKernels.PARALLEL_MIN_MULTIPLY_ADDS);
        ModelSpec spec = new ModelSpec(784, new int[] {128, 128, 128}, 10, Precision.FLOAT32);
        ParameterSet init = KaimingInit.initialise(spec, 31);
        assertDeterministic(() -> train(spec, init));
    }

    /**
     * {@code training} (losses of a fixed run) gives the same bits twice in a row, and again when two runs go
     * at once (one owns the worker thread, the other runs on its own thread alone); the losses change.
     */
    static void assertDeterministic(Callable<double[]> training) throws Exception {
        double[] alone = training.call();
        assertThat(training.call()).containsExactly(alone);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<double[]> a = pool.submit(training);
            Future<double[]> b = pool.submit(training);
            assertThat(a.get()).containsExactly(alone);
            assertThat(b.get()).containsExactly(alone);
        } finally {
            pool.shutdownNow();
        }
        assertThat(alone[0]).isNotEqualTo(alone[alone.length - 1]);
    }

    private static double[] train(ModelSpec spec, ParameterSet init) {
        int steps = 20, batch = 64;
        float[] x = randomInputs(batch * steps, 784, 32);
        int[] labels = randomLabels(batch * steps, 10, 33);
        double[] losses = new double[steps];
        Model model = new ScratchBackend().create(spec, init);
        LayerGradientStats[] stats = new LayerGradientStats[spec.layerCount()];
        for (int s = 0; s < steps; s++) {
            losses[s] = model.computeGradients(java.util.Arrays.copyOfRange(x, s * batch * 784, (s + 1) * batch * 784),
                    java.util.Arrays.copyOfRange(labels, s * batch, (s + 1) * batch), batch);
            model.applyUpdate(0.01, 0.9, stats);
        }
        return losses;
    }
}
