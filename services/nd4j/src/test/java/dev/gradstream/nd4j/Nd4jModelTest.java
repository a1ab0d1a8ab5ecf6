package dev.gradstream.nd4j;

import dev.gradstream.core.compare.GradientComparison;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.model.Tensor;
import dev.gradstream.scratch.ScratchBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The nd4j model")
class Nd4jModelTest {

    private static final ModelSpec SPEC = new ModelSpec(20, new int[] {16, 8}, 4, Precision.FLOAT64);
    private static final int N = 300;

    private final float[] x = TestData.inputs(N, 20, 31);
    private final int[] labels = TestData.labels(N, 4, 32);
    private final ParameterSet init = KaimingInit.initialise(SPEC, 33);

    @Test
    @DisplayName("Is found by Backends.byName(\"nd4j\") through META-INF/services")
    void registeredAsPlugin() {
        assertThat(Backends.byName("nd4j")).isInstanceOf(Nd4jBackend.class);
        assertThat(Backends.available()).contains("nd4j", "scratch");
    }

    @Test
    @DisplayName("evaluate() gives scratch's probabilities and loss and leaves parameters and gradients alone")
    void evaluateMatchesScratch() {
        Model nd4j = new Nd4jBackend().create(SPEC, init);
        Model scratch = new ScratchBackend().create(SPEC, init);
        // Train a little first so that the scores are not those of the initial weights only.
        TestData.train(nd4j, x, labels, 32, 5, 0.05, 0.9);
        TestData.train(scratch, x, labels, 32, 5, 0.05, 0.9);
        nd4j.computeGradients(x, labels, 32);
        int correctBefore = nd4j.lastBatchCorrect();
        ParameterSet paramsBefore = nd4j.parameters();
        ParameterSet gradsBefore = nd4j.gradients();

        float[] nd4jScores = new float[N * 4];
        float[] scratchScores = new float[N * 4];
        double nd4jLoss = nd4j.evaluate(x, labels, N, nd4jScores);
        double scratchLoss = scratch.evaluate(x, labels, N, scratchScores);

        assertThat(nd4jLoss).isCloseTo(scratchLoss, within(1e-12));
        for (int i = 0; i < nd4jScores.length; i++) {
            assertThat((double) nd4jScores[i]).as("score %d", i).isCloseTo(scratchScores[i], within(1e-12));
        }
        assertThat(rowSum(nd4jScores, 7)).isCloseTo(1.0, within(1e-6));
        assertThat(nd4j.parameters().tensors()).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(paramsBefore.tensors());
        assertThat(nd4j.gradients().tensors()).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(gradsBefore.tensors());
        assertThat(nd4j.lastBatchCorrect()).isEqualTo(correctBefore);
    }

    private static double rowSum(float[] scores, int row) {
        double sum = 0;
        for (int c = 0; c < 4; c++) {
            sum += scores[row * 4 + c];
        }
        return sum;
    }

    @Test
    @DisplayName("lastBatchCorrect() counts argmax hits as scratch does")
    void countsCorrectLikeScratch() {
        Model nd4j = new Nd4jBackend().create(SPEC, init);
        Model scratch = new ScratchBackend().create(SPEC, init);
        for (int from = 0; from + 50 <= N; from += 50) {
            float[] bx = java.util.Arrays.copyOfRange(x, from * 20, (from + 50) * 20);
            int[] by = java.util.Arrays.copyOfRange(labels, from, from + 50);
            nd4j.computeGradients(bx, by, 50);
            scratch.computeGradients(bx, by, 50);
            assertThat(nd4j.lastBatchCorrect()).isEqualTo(scratch.lastBatchCorrect());
            nd4j.applyUpdate(0.1, 0.9, null);
            scratch.applyUpdate(0.1, 0.9, null);
        }
    }

    @Test
    @DisplayName("Per-layer gradient statistics and update ratios equal scratch's")
    void statsMatchScratch() {
        Model nd4j = new Nd4jBackend().create(SPEC, init);
        Model scratch = new ScratchBackend().create(SPEC, init);
        LayerGradientStats[] a = new LayerGradientStats[SPEC.layerCount()];
        LayerGradientStats[] b = new LayerGradientStats[SPEC.layerCount()];
        for (int step = 0; step < 3; step++) {
            nd4j.computeGradients(x, labels, 64);
            scratch.computeGradients(x, labels, 64);
            nd4j.applyUpdate(0.05, 0.9, a);
            scratch.applyUpdate(0.05, 0.9, b);
        }
        for (int l = 0; l < SPEC.layerCount(); l++) {
            assertThat(a[l].layer()).isEqualTo(l);
            assertThat(a[l].l2Norm()).isCloseTo(b[l].l2Norm(), within(1e-12));
            assertThat(a[l].meanAbs()).isCloseTo(b[l].meanAbs(), within(1e-12));
            assertThat(a[l].maxAbs()).isCloseTo(b[l].maxAbs(), within(1e-12));
            assertThat(a[l].updateRatio()).isCloseTo(b[l].updateRatio(), within(1e-12));
            assertThat(a[l].updateRatio()).isPositive();
        }
    }

    @Test
    @DisplayName("setParameters clears momentum: the next step equals a fresh model's first step")
    void setParametersClearsMomentum() {
        Model trained = new Nd4jBackend().create(SPEC, init);
        TestData.train(trained, x, labels, 32, 4, 0.05, 0.9);
        trained.setParameters(init);
        Model fresh = new Nd4jBackend().create(SPEC, init);
        double[] again = TestData.train(trained, x, labels, 32, 3, 0.05, 0.9);
        double[] first = TestData.train(fresh, x, labels, 32, 3, 0.05, 0.9);
        assertThat(again).containsExactly(first);

        // restoreParameters keeps momentum, so the same restart then differs.
        Model kept = new Nd4jBackend().create(SPEC, init);
        TestData.train(kept, x, labels, 32, 4, 0.05, 0.9);
        kept.restoreParameters(init);
        assertThat(TestData.maxAbsDiff(TestData.train(kept, x, labels, 32, 3, 0.05, 0.9), first)).isGreaterThan(1e-6);
    }

    @Test
    @DisplayName("gradients() and parameters() are copies: changing them changes nothing in the model")
    void returnsCopies() {
        Model model = new Nd4jBackend().create(SPEC, init);
        model.computeGradients(x, labels, 32);
        model.gradients().weight(0).values()[0] = 1e6;
        model.parameters().weight(0).values()[0] = 1e6;
        assertThat(model.gradients().weight(0).values()[0]).isNotEqualTo(1e6);
        assertThat(model.parameters().weight(0).values()[0]).isEqualTo(init.weight(0).values()[0]);
    }

    @Test
    @DisplayName("Confidently wrong samples (p below 1e-15) give scratch's clipped loss and unclipped gradient")
    void clippedLossMatchesScratch() {
        ParameterSet big = scaled(init, 40.0);
        Model nd4j = new Nd4jBackend().create(SPEC, big);
        Model scratch = new ScratchBackend().create(SPEC, big);
        double nd4jLoss = nd4j.computeGradients(x, labels, 64);
        double scratchLoss = scratch.computeGradients(x, labels, 64);
        // Some samples must sit at the clip (-log 1e-15 = 34.5) for this test to mean anything.
        float[] scores = new float[64 * 4];
        scratch.evaluate(x, labels, 64, scores);
        int clipped = 0;
        for (int i = 0; i < 64; i++) {
            clipped += scores[i * 4 + labels[i]] < 1e-15 ? 1 : 0;
        }
        assertThat(clipped).isGreaterThan(3);
        assertThat(nd4jLoss).isCloseTo(scratchLoss, within(1e-9 * scratchLoss));
        List<GradientComparison.Row> rows = GradientComparison.compare(nd4j.gradients(), scratch.gradients());
        assertThat(rows).allSatisfy(r -> assertThat(r.scaledDiff()).isLessThanOrEqualTo(1e-12));
    }

    private static ParameterSet scaled(ParameterSet p, double factor) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : p.tensors()) {
            double[] v = t.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] *= factor;
            }
            out.add(new Tensor(t.name(), t.rows(), t.cols(), v));
        }
        return new ParameterSet(out);
    }

    @Test
    @DisplayName("Parameters whose shapes do not fit the spec are rejected with the tensor's name")
    void rejectsMisshapenParameters() {
        List<Tensor> tensors = new ArrayList<>(init.tensors());
        tensors.set(2, new Tensor("layer1.weight", 8, 16, new double[128]));
        assertThatThrownBy(() -> new Nd4jBackend().create(SPEC, new ParameterSet(tensors)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer1.weight").hasMessageContaining("8x16").hasMessageContaining("16x8");

        Model model = new Nd4jBackend().create(SPEC, init);
        List<Tensor> badBias = new ArrayList<>(init.tensors());
        badBias.set(5, new Tensor("layer2.bias", 1, 5, new double[5]));
        assertThatThrownBy(() -> model.setParameters(new ParameterSet(badBias)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer2.bias");
        assertThatThrownBy(() -> new Nd4jBackend().create(SPEC, new ParameterSet(init.tensors().subList(0, 4))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 6 tensors");
    }

    @Test
    @DisplayName("Bad batches and update arguments are rejected with the offending value")
    void rejectsBadBatches() {
        Model model = new Nd4jBackend().create(SPEC, init);
        assertThatThrownBy(() -> model.applyUpdate(0.1, 0.9, null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.computeGradients(x, new int[] {0, 4}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 4");
        assertThatThrownBy(() -> model.computeGradients(new float[10], labels, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x holds 10 values");
        model.computeGradients(x, labels, 8);
        assertThatThrownBy(() -> model.applyUpdate(0.1, 1.0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("momentum");
        assertThatThrownBy(() -> model.evaluate(x, labels, 8, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoresOut holds 3");
    }
}
