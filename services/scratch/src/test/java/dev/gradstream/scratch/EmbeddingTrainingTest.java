package dev.gradstream.scratch;

import static dev.gradstream.scratch.EmbeddingGradientCheckTest.initialWithBiases;
import static dev.gradstream.scratch.EmbeddingGradientCheckTest.randomClassVectors;
import static dev.gradstream.scratch.EmbeddingGradientCheckTest.smallSpec;
import static dev.gradstream.scratch.NetworkGradientCheckTest.randomInputs;
import static dev.gradstream.scratch.NetworkGradientCheckTest.randomLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Training the scratch Part II model")
class EmbeddingTrainingTest {

    @Test
    @DisplayName("Image net against a frozen word net memorises 20 random samples of 4 classes: 100% accuracy")
    void memorisesTinyDataSet() {
        EmbeddingSpec spec = new EmbeddingSpec(10, new int[] {32, 32}, 8, new int[] {16}, 8, 4,
                randomClassVectors(4, 8, 40), false, Precision.FLOAT32);
        int n = 20;
        float[] x = randomInputs(n, 10, 41);
        int[] labels = randomLabels(n, 4, 42);
        Model model = new ScratchBackend().createEmbedding(spec, KaimingInit.initialise(spec, 43));
        ParameterSet before = model.parameters();
        double first = model.computeGradients(x, labels, n);
        for (int epoch = 0; epoch < 500; epoch++) {
            for (int from = 0; from < n; from += 5) {
                model.computeGradients(Arrays.copyOfRange(x, from * 10, (from + 5) * 10),
                        Arrays.copyOfRange(labels, from, from + 5), 5);
                model.applyUpdate(0.1, 0.9, null);
            }
        }
        float[] scores = new float[n * 4];
        double loss = model.evaluate(x, labels, n, scores);
        assertThat(first).isGreaterThan(0.3);
        assertThat(argmaxHits(scores, labels, 4)).isEqualTo(n);
        assertThat(loss).isLessThan(0.05);
        model.computeGradients(x, labels, n);
        assertThat(model.lastBatchCorrect()).isEqualTo(n);
        // The frozen word net never moved.
        for (int t = 6; t < 10; t++) {
            assertThat(model.parameters().tensors().get(t).values())
                    .containsExactly(before.tensors().get(t).values());
        }
    }

    @Test
    @DisplayName("Two float32 models with the same start and batches give bit-identical losses, threads or not")
    void float32TrainingIsDeterministic() throws Exception {
        EmbeddingSpec spec = new EmbeddingSpec(784, new int[] {128}, 32, new int[] {32}, 32, 10,
                randomClassVectors(10, 32, 50), true, Precision.FLOAT32);
        ParameterSet init = KaimingInit.initialise(spec, 51);
        TrainingTest.assertDeterministic(() -> train(spec, init));
    }

    private static double[] train(EmbeddingSpec spec, ParameterSet init) {
        int steps = 12, batch = 64;
        float[] x = randomInputs(batch * steps, 784, 52);
        int[] labels = randomLabels(batch * steps, 10, 53);
        double[] losses = new double[steps + 1];
        Model model = new ScratchBackend().createEmbedding(spec, init);
        LayerGradientStats[] stats = new LayerGradientStats[spec.layerCount()];
        for (int s = 0; s < steps; s++) {
            losses[s] = model.computeGradients(Arrays.copyOfRange(x, s * batch * 784, (s + 1) * batch * 784),
                    Arrays.copyOfRange(labels, s * batch, (s + 1) * batch), batch);
            model.applyUpdate(0.05, 0.9, stats);
        }
        losses[steps] = model.evaluate(x, labels, batch * steps, null);
        return losses;
    }

    private static int argmaxHits(float[] scores, int[] labels, int classes) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return correct;
    }

    @Test
    @DisplayName("Scores are cosines in [-1, 1] equal to a direct computation from the parameters")
    void scoresAreCosines() {
        EmbeddingSpec spec = smallSpec(true, Precision.FLOAT64);
        ParameterSet params = initialWithBiases(spec, 50);
        int n = 300; // more than one evaluation chunk
        float[] x = randomInputs(n, 6, 51);
        int[] labels = randomLabels(n, 4, 52);
        Model model = new ScratchBackend().createEmbedding(spec, params);
        float[] scores = new float[n * 4];
        double loss = model.evaluate(x, labels, n, scores);

        int imageLayers = spec.imageNet().layerCount();
        List<Tensor> tensors = params.tensors();
        double[][] classEmbeddings = new double[4][];
        float[] words = spec.classVectors();
        for (int k = 0; k < 4; k++) {
            classEmbeddings[k] = mlp(tensors.subList(2 * imageLayers, tensors.size()),
                    Arrays.copyOfRange(words, k * 7, (k + 1) * 7));
        }
        double expectedLoss = 0;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            double[] u = mlp(tensors.subList(0, 2 * imageLayers), Arrays.copyOfRange(x, i * 6, (i + 1) * 6));
            for (int k = 0; k < 4; k++) {
                double cos = dot(u, classEmbeddings[k]) / Math.sqrt(dot(u, u) * dot(classEmbeddings[k], classEmbeddings[k]));
                assertThat((double) scores[i * 4 + k]).isBetween(-1.0, 1.0).isCloseTo(cos, within(1e-6));
            }
            expectedLoss += 1 - scores[i * 4 + labels[i]];
        }
        assertThat(loss).isCloseTo(expectedLoss / n, within(1e-6));
        hits = argmaxHits(scores, labels, 4);
        model.computeGradients(x, labels, n);
        assertThat(model.lastBatchCorrect()).isEqualTo(hits);
    }

    /** Dense layers with ReLU between them, linear output, straight from the tensors. */
    private static double[] mlp(List<Tensor> layers, float[] input) {
        double[] h = new double[input.length];
        for (int i = 0; i < input.length; i++) {
            h[i] = input[i];
        }
        for (int l = 0; l < layers.size() / 2; l++) {
            Tensor w = layers.get(2 * l);
            double[] b = layers.get(2 * l + 1).values();
            double[] z = new double[w.cols()];
            for (int j = 0; j < w.cols(); j++) {
                z[j] = b[j];
                for (int p = 0; p < w.rows(); p++) {
                    z[j] += h[p] * w.values()[p * w.cols() + j];
                }
                if (l < layers.size() / 2 - 1) {
                    z[j] = Math.max(z[j], 0);
                }
            }
            h = z;
        }
        return h;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    @DisplayName("One step moves every parameter by -lr*g; a frozen word net stays put and reports zero stats")
    void firstStepAndStatistics() {
        for (boolean train : new boolean[] {false, true}) {
            EmbeddingSpec spec = smallSpec(train, Precision.FLOAT64);
            ParameterSet params = initialWithBiases(spec, 60);
            Model model = new ScratchBackend().createEmbedding(spec, params);
            assertThat(model.layerCount()).isEqualTo(5);
            assertThat(model.spec()).isEqualTo(new ModelSpec(6, new int[] {5, 4}, 3, Precision.FLOAT64));
            model.computeGradients(randomInputs(8, 6, 61), randomLabels(8, 4, 62), 8);
            ParameterSet g = model.gradients();
            LayerGradientStats[] stats = new LayerGradientStats[5];
            model.applyUpdate(0.1, 0.9, stats);
            ParameterSet after = model.parameters();
            for (int t = 0; t < params.tensors().size(); t++) {
                double[] w0 = params.tensors().get(t).values();
                double[] gt = g.tensors().get(t).values();
                double[] w1 = after.tensors().get(t).values();
                for (int i = 0; i < w0.length; i++) {
                    assertThat(w1[i]).as("train %s, %s[%d]", train, params.tensors().get(t).name(), i)
                            .isCloseTo(w0[i] - 0.1 * gt[i], within(1e-15));
                }
            }
            for (int l = 0; l < 5; l++) {
                assertThat(stats[l].layer()).isEqualTo(l);
                boolean active = l < 3 || train;
                assertThat(stats[l].l2Norm() > 0).as("layer %d l2 norm, train %s", l, train).isEqualTo(active);
                assertThat(stats[l].updateRatio() > 0).as("layer %d update ratio, train %s", l, train).isEqualTo(active);
            }
            if (!train) {
                assertThat(stats[3]).isEqualTo(new LayerGradientStats(3, 0, 0, 0, 0));
            }
        }
    }

    @Test
    @DisplayName("Bad parameters, labels and buffers are refused with a message naming them")
    void refusesBadInput() {
        EmbeddingSpec spec = smallSpec(false, Precision.FLOAT32);
        ParameterSet good = KaimingInit.initialise(spec, 70);
        List<Tensor> tensors = new ArrayList<>(good.tensors());
        tensors.set(7, new Tensor("word.bias", 1, 4, new double[4]));
        assertThatThrownBy(() -> new ScratchBackend().createEmbedding(spec, new ParameterSet(tensors)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'word.bias'").hasMessageContaining("layer3.bias").hasMessageContaining("1x5");
        assertThatThrownBy(() -> new ScratchBackend().createEmbedding(spec, KaimingInit.initialise(spec.imageNet(), 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 10 tensors");
        Model model = new ScratchBackend().createEmbedding(spec, good);
        assertThatThrownBy(() -> model.computeGradients(new float[12], new int[] {0, 4}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 4");
        assertThatThrownBy(() -> model.evaluate(new float[12], new int[] {0, 1}, 2, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoresOut holds 7");
        assertThatThrownBy(() -> model.gradients()).isInstanceOf(IllegalStateException.class);
        model.computeGradients(new float[12], new int[] {0, 1}, 2);
        assertThatThrownBy(() -> model.applyUpdate(0.1, 0.9, new LayerGradientStats[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 layers");
    }
}
