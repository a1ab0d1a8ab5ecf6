package dev.gradstream.scratch;

import static dev.gradstream.scratch.NetworkGradientCheckTest.randomInputs;
import static dev.gradstream.scratch.NetworkGradientCheckTest.randomLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.model.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The whole scratch Part II model")
class EmbeddingGradientCheckTest {

    /** Random class word vectors in [-1, 1), like GloVe's scale. */
    static float[] randomClassVectors(int classes, int wordDim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[classes * wordDim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble(-1, 1);
        }
        return v;
    }

    static EmbeddingSpec smallSpec(boolean trainWordNet, Precision precision) {
        // image 6 -> 5 -> 4 -> 3; word 7 -> 5 -> 3; 4 classes
        return new EmbeddingSpec(6, new int[] {5, 4}, 7, new int[] {5}, 3, 4, randomClassVectors(4, 7, 11),
                trainWordNet, precision);
    }

    /** Kaiming weights with small random biases, so bias gradients are exercised away from zero. */
    static ParameterSet initialWithBiases(EmbeddingSpec spec, long seed) {
        ParameterSet p = KaimingInit.initialise(spec, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        for (int l = 0; l < p.layerCount(); l++) {
            double[] b = p.bias(l).values();
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextDouble(-0.1, 0.1);
            }
        }
        return p;
    }

    private static ParameterSet checkAgainstNumerical(boolean trainWordNet) {
        EmbeddingSpec spec = smallSpec(trainWordNet, Precision.FLOAT64);
        int n = 6;
        float[] x = randomInputs(n, 6, 12);
        int[] labels = {0, 1, 2, 3, 1, 1};
        ParameterSet params = initialWithBiases(spec, 13);
        Model model = new ScratchBackend().createEmbedding(spec, params);
        double loss = model.computeGradients(x, labels, n);
        ParameterSet analytic = model.gradients();
        assertThat(model.evaluate(x, labels, n, null)).isEqualTo(loss);
        assertThat(analytic.tensors()).extracting(Tensor::name).containsExactly("layer0.weight", "layer0.bias",
                "layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.weight", "layer3.bias",
                "layer4.weight", "layer4.bias");

        ParameterSet probe = params.copy();
        int imageTensors = 2 * spec.imageNet().layerCount();
        int limit = trainWordNet ? probe.tensors().size() : imageTensors;
        for (int t = 0; t < limit; t++) {
            Tensor tensor = probe.tensors().get(t);
            GradientCheck.checkAll(tensor.name(), tensor.values(), analytic.tensors().get(t).values(), () -> {
                model.restoreParameters(probe);
                return model.evaluate(x, labels, n, null);
            });
        }
        // evaluate() left the gradients of the original batch alone.
        assertThat(model.gradients().tensors().get(0).values()).containsExactly(analytic.tensors().get(0).values());
        return analytic;
    }

    @Test
    @DisplayName("With the word net frozen, image gradients match central differences and word gradients are 0")
    void frozenWordNet() {
        ParameterSet analytic = checkAgainstNumerical(false);
        for (int t = 6; t < 10; t++) {
            assertThat(analytic.tensors().get(t).values()).as(analytic.tensors().get(t).name()).containsOnly(0.0);
        }
    }

    @Test
    @DisplayName("With the word net trained, image and word gradients both match central differences")
    void trainedWordNet() {
        ParameterSet analytic = checkAgainstNumerical(true);
        for (int t = 6; t < 10; t++) {
            double sum = 0;
            for (double g : analytic.tensors().get(t).values()) {
                sum += Math.abs(g);
            }
            assertThat(sum).as(analytic.tensors().get(t).name() + " is exercised").isGreaterThan(1e-4);
        }
    }

    @Test
    @DisplayName("Frozen and trained word nets give the same image gradients on the same weights and batch")
    void frozenAndTrainedShareImageGradients() {
        ParameterSet params = initialWithBiases(smallSpec(false, Precision.FLOAT64), 21);
        float[] x = randomInputs(5, 6, 22);
        int[] labels = randomLabels(5, 4, 23);
        Model frozen = new ScratchBackend().createEmbedding(smallSpec(false, Precision.FLOAT64), params);
        Model trained = new ScratchBackend().createEmbedding(smallSpec(true, Precision.FLOAT64), params);
        assertThat(frozen.computeGradients(x, labels, 5)).isEqualTo(trained.computeGradients(x, labels, 5));
        for (int t = 0; t < 6; t++) {
            assertThat(frozen.gradients().tensors().get(t).values())
                    .containsExactly(trained.gradients().tensors().get(t).values());
        }
    }

    @Test
    @DisplayName("Float32 gradients agree with float64 gradients for 784-512-512-32 / 100-32-32 (word net trained)")
    void float32AgreesWithFloat64() {
        float[] classVectors = randomClassVectors(5, 100, 31);
        EmbeddingSpec spec32 = new EmbeddingSpec(784, new int[] {512, 512}, 100, new int[] {32}, 32, 5, classVectors,
                true, Precision.FLOAT32);
        EmbeddingSpec spec64 = new EmbeddingSpec(784, new int[] {512, 512}, 100, new int[] {32}, 32, 5, classVectors,
                true, Precision.FLOAT64);
        ParameterSet params = KaimingInit.initialise(spec32, 32); // float-representable weights
        int n = 64;
        float[] x = randomInputs(n, 784, 33);
        int[] labels = randomLabels(n, 5, 34);
        Model m32 = new ScratchBackend().createEmbedding(spec32, params);
        Model m64 = new ScratchBackend().createEmbedding(spec64, params);
        double loss32 = m32.computeGradients(x, labels, n);
        double loss64 = m64.computeGradients(x, labels, n);
        assertThat(loss32).isCloseTo(loss64, within(1e-5 * loss64));
        assertThat(m32.lastBatchCorrect()).isEqualTo(m64.lastBatchCorrect());
        for (int t = 0; t < params.tensors().size(); t++) {
            double[] g32 = m32.gradients().tensors().get(t).values();
            double[] g64 = m64.gradients().tensors().get(t).values();
            double maxAbs = 0;
            double maxDiff = 0;
            for (int i = 0; i < g64.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(g64[i]));
                maxDiff = Math.max(maxDiff, Math.abs(g32[i] - g64[i]));
            }
            String name = params.tensors().get(t).name();
            assertThat(maxAbs).as(name + " is non-zero").isGreaterThan(0);
            assertThat(maxDiff).as(name + " max abs difference").isLessThan(1e-4 * maxAbs);
        }
    }
}
