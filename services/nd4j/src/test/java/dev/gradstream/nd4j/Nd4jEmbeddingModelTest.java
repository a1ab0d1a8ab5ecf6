package dev.gradstream.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.compare.GradientComparison;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.model.Tensor;
import dev.gradstream.scratch.ScratchBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The nd4j embedding model")
class Nd4jEmbeddingModelTest {

    private static final int N = 300;
    private static final int K = 5;

    private final EmbeddingSpec spec = EmbeddingParityTest.spec(false, Precision.FLOAT64);
    private final float[] x = TestData.inputs(N, 784, 41);
    private final int[] labels = TestData.labels(N, K, 42);
    private final ParameterSet init = KaimingInit.initialise(spec, 43);

    @Test
    @DisplayName("Is built through Backends.byName(\"nd4j\") and reports the image net as its spec and all layers")
    void shape() {
        try (Model model = Backends.byName("nd4j").createEmbedding(spec, init)) {
            assertThat(model.spec()).isEqualTo(spec.imageNet());
            assertThat(model.layerCount()).isEqualTo(5);
            assertThat(model.parameters().tensors()).extracting(Tensor::name).containsExactly("layer0.weight",
                    "layer0.bias", "layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.weight",
                    "layer3.bias", "layer4.weight", "layer4.bias");
        }
    }

    @Test
    @DisplayName("evaluate() gives scratch's cosine scores and loss to 1e-12 and leaves parameters and gradients alone")
    void evaluateMatchesScratch() {
        for (boolean train : new boolean[] {false, true}) {
            EmbeddingSpec s = EmbeddingParityTest.spec(train, Precision.FLOAT64);
            Model nd4j = new Nd4jBackend().createEmbedding(s, init);
            Model scratch = new ScratchBackend().createEmbedding(s, init);
            // Train a little first so that the scores are not those of the initial weights only.
            TestData.train(nd4j, x, labels, 32, 5, 0.1, 0.9);
            TestData.train(scratch, x, labels, 32, 5, 0.1, 0.9);
            nd4j.computeGradients(x, labels, 32);
            int correctBefore = nd4j.lastBatchCorrect();
            ParameterSet paramsBefore = nd4j.parameters();
            ParameterSet gradsBefore = nd4j.gradients();

            float[] nd4jScores = new float[N * K];
            float[] scratchScores = new float[N * K];
            double nd4jLoss = nd4j.evaluate(x, labels, N, nd4jScores);
            double scratchLoss = scratch.evaluate(x, labels, N, scratchScores);

            assertThat(nd4jLoss).isCloseTo(scratchLoss, within(1e-12));
            for (int i = 0; i < nd4jScores.length; i++) {
                assertThat((double) nd4jScores[i]).as("score %d", i).isCloseTo(scratchScores[i], within(1e-12));
                assertThat(Math.abs(nd4jScores[i])).isLessThanOrEqualTo(1.0f + 1e-6f);
            }
            assertThat(nd4j.parameters().tensors()).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(paramsBefore.tensors());
            assertThat(nd4j.gradients().tensors()).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(gradsBefore.tensors());
            assertThat(nd4j.lastBatchCorrect()).isEqualTo(correctBefore);
        }
    }

    @Test
    @DisplayName("lastBatchCorrect() counts the most cosine-similar class as scratch does")
    void countsCorrectLikeScratch() {
        Model nd4j = new Nd4jBackend().createEmbedding(spec, init);
        Model scratch = new ScratchBackend().createEmbedding(spec, init);
        int total = 0;
        for (int from = 0; from + 50 <= N; from += 50) {
            float[] bx = Arrays.copyOfRange(x, from * 784, (from + 50) * 784);
            int[] by = Arrays.copyOfRange(labels, from, from + 50);
            nd4j.computeGradients(bx, by, 50);
            scratch.computeGradients(bx, by, 50);
            assertThat(nd4j.lastBatchCorrect()).isEqualTo(scratch.lastBatchCorrect());
            total += nd4j.lastBatchCorrect();
            nd4j.applyUpdate(0.1, 0.9, null);
            scratch.applyUpdate(0.1, 0.9, null);
        }
        assertThat(total).isBetween(1, N - 1);
    }

    @Test
    @DisplayName("setParameters reaches the frozen word net too: scores follow new word weights as in scratch")
    void setParametersReplacesFrozenWordNet() {
        Model nd4j = new Nd4jBackend().createEmbedding(spec, init);
        ParameterSet other = KaimingInit.initialise(spec, 44);
        List<Tensor> mixed = new ArrayList<>(init.tensors().subList(0, 6));
        mixed.addAll(other.tensors().subList(6, 10));
        ParameterSet replaced = new ParameterSet(mixed);
        float[] before = new float[N * K];
        nd4j.evaluate(x, labels, N, before);
        nd4j.setParameters(replaced);

        float[] after = new float[N * K];
        float[] expected = new float[N * K];
        nd4j.evaluate(x, labels, N, after);
        new ScratchBackend().createEmbedding(spec, replaced).evaluate(x, labels, N, expected);
        assertThat(TestData.maxAbsDiff(toDoubles(after), toDoubles(before))).isGreaterThan(1e-3);
        assertThat(TestData.maxAbsDiff(toDoubles(after), toDoubles(expected))).isLessThanOrEqualTo(1e-12);
        assertThat(nd4j.parameters().weight(3).values()).containsExactly(other.weight(3).values());
    }

    @Test
    @DisplayName("setParameters clears momentum: the next steps equal a fresh model's first steps")
    void setParametersClearsMomentum() {
        EmbeddingSpec trained = EmbeddingParityTest.spec(true, Precision.FLOAT64);
        Model model = new Nd4jBackend().createEmbedding(trained, init);
        TestData.train(model, x, labels, 32, 4, 0.1, 0.9);
        model.setParameters(init);
        double[] again = TestData.train(model, x, labels, 32, 3, 0.1, 0.9);
        double[] first = TestData.train(new Nd4jBackend().createEmbedding(trained, init), x, labels, 32, 3, 0.1, 0.9);
        assertThat(again).containsExactly(first);
    }

    @Test
    @DisplayName("An all-zero image embedding (below the 1e-8 norm clamp) gives scratch's finite loss and gradients")
    void zeroEmbeddingMatchesScratch() {
        List<Tensor> tensors = new ArrayList<>(init.tensors());
        tensors.set(4, new Tensor("layer2.weight", 16, 8, new double[16 * 8]));
        ParameterSet dead = new ParameterSet(tensors);
        Model nd4j = new Nd4jBackend().createEmbedding(spec, dead);
        Model scratch = new ScratchBackend().createEmbedding(spec, dead);
        double nd4jLoss = nd4j.computeGradients(x, labels, 64);
        double scratchLoss = scratch.computeGradients(x, labels, 64);
        assertThat(nd4jLoss).isEqualTo(1.0).isEqualTo(scratchLoss);
        List<GradientComparison.Row> rows = GradientComparison.compare(nd4j.gradients(), scratch.gradients());
        assertThat(rows.subList(0, 6)).allSatisfy(r -> assertThat(r.scaledDiff()).isLessThanOrEqualTo(1e-12));
        // Only the output layer receives a gradient (dL/du = g / eps), and it is large but finite.
        assertThat(rows.get(4).normA()).isGreaterThan(1e3).isFinite();
    }

    @Test
    @DisplayName("Parameters whose shapes do not fit the spec are rejected with the tensor's name")
    void rejectsMisshapenParameters() {
        List<Tensor> badWord = new ArrayList<>(init.tensors());
        badWord.set(6, new Tensor("layer3.weight", 8, 100, new double[800]));
        assertThatThrownBy(() -> new Nd4jBackend().createEmbedding(spec, new ParameterSet(badWord)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer3.weight").hasMessageContaining("word net")
                .hasMessageContaining("8x100").hasMessageContaining("100x8");

        Model model = new Nd4jBackend().createEmbedding(spec, init);
        List<Tensor> badImageBias = new ArrayList<>(init.tensors());
        badImageBias.set(3, new Tensor("layer1.bias", 1, 15, new double[15]));
        assertThatThrownBy(() -> model.setParameters(new ParameterSet(badImageBias)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer1.bias").hasMessageContaining("image net");
        assertThatThrownBy(() -> new Nd4jBackend().createEmbedding(spec, new ParameterSet(init.tensors().subList(0, 6))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 10 tensors");
    }

    @Test
    @DisplayName("Bad batches and update arguments are rejected with the offending value")
    void rejectsBadBatches() {
        Model model = new Nd4jBackend().createEmbedding(spec, init);
        assertThatThrownBy(() -> model.applyUpdate(0.1, 0.9, null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.computeGradients(x, new int[] {0, 5}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 5");
        model.computeGradients(x, labels, 8);
        assertThatThrownBy(() -> model.applyUpdate(0.1, 0.9, new dev.gradstream.core.model.LayerGradientStats[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statsOut holds 3");
        assertThatThrownBy(() -> model.evaluate(x, labels, 8, new float[39]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoresOut holds 39");
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
