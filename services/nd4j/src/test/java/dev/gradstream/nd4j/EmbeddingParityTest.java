package dev.gradstream.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.scratch.ScratchBackend;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Training the nd4j embedding model against the scratch embedding model")
class EmbeddingParityTest {

    private static final int BATCH = 32;
    private static final int STEPS = 10;
    private static final double LR = 0.1;
    private static final double MU = 0.9;

    /** Two batches, visited alternately. */
    private final float[] x = TestData.inputs(2 * BATCH, 784, 21);
    private final int[] labels = TestData.labels(2 * BATCH, 5, 22);

    /** Image 784-32-16-8, word 100-8-8, 5 random class vectors, float64. */
    static EmbeddingSpec spec(boolean trainWordNet, Precision precision) {
        return new EmbeddingSpec(784, new int[] {32, 16}, 100, new int[] {8}, 8, 5,
                TestData.wordVectors(5, 100, 23), trainWordNet, precision);
    }

    @Test
    @DisplayName("With a frozen word net, ten float64 steps give scratch's loss to 1e-9 at every step and leave the word net alone")
    void frozenWordNetMatchesScratch() {
        EmbeddingSpec spec = spec(false, Precision.FLOAT64);
        ParameterSet init = KaimingInit.initialise(spec, 24);
        Model nd4j = new Nd4jBackend().createEmbedding(spec, init);
        Model scratch = new ScratchBackend().createEmbedding(spec, init);
        double[] a = TestData.train(nd4j, x, labels, BATCH, STEPS, LR, MU);
        double[] b = TestData.train(scratch, x, labels, BATCH, STEPS, LR, MU);

        print("frozen", a, b);
        assertThat(TestData.maxAbsDiff(a, b)).isLessThanOrEqualTo(1e-9);
        assertThat(a[STEPS - 1]).as("the run must learn").isLessThan(a[0] - 0.05);
        ParameterSet after = nd4j.parameters();
        for (int t = 6; t < 10; t++) {
            assertThat(after.tensors().get(t).values()).as(after.tensors().get(t).name())
                    .containsExactly(init.tensors().get(t).values());
        }
        assertThat(maxParameterDiff(after, scratch.parameters())).isLessThanOrEqualTo(1e-12);
    }

    @Test
    @DisplayName("With a trained word net, ten float64 steps give scratch's loss to 1e-9 at every step and move the word net")
    void trainedWordNetMatchesScratch() {
        EmbeddingSpec spec = spec(true, Precision.FLOAT64);
        ParameterSet init = KaimingInit.initialise(spec, 24);
        Model nd4j = new Nd4jBackend().createEmbedding(spec, init);
        Model scratch = new ScratchBackend().createEmbedding(spec, init);
        double[] a = TestData.train(nd4j, x, labels, BATCH, STEPS, LR, MU);
        double[] b = TestData.train(scratch, x, labels, BATCH, STEPS, LR, MU);

        print("trained", a, b);
        assertThat(TestData.maxAbsDiff(a, b)).isLessThanOrEqualTo(1e-9);
        assertThat(maxParameterDiff(nd4j.parameters(), scratch.parameters())).isLessThanOrEqualTo(1e-12);
        // The word net must actually have moved, and so changed the run, for the comparison to mean anything.
        assertThat(nd4j.parameters().weight(3).values()).isNotEqualTo(init.weight(3).values());
        double[] frozen = TestData.train(new Nd4jBackend().createEmbedding(spec(false, Precision.FLOAT64), init), x,
                labels, BATCH, STEPS, LR, MU);
        System.out.printf(Locale.ROOT, "max step-loss difference trained vs frozen word net: %.3e%n",
                TestData.maxAbsDiff(a, frozen));
        assertThat(TestData.maxAbsDiff(a, frozen)).isGreaterThan(1e-6);
    }

    @Test
    @DisplayName("Per-layer gradient statistics equal scratch's, with zeros for a frozen word net")
    void statsMatchScratch() {
        for (boolean train : new boolean[] {false, true}) {
            EmbeddingSpec spec = spec(train, Precision.FLOAT64);
            ParameterSet init = KaimingInit.initialise(spec, 25);
            Model nd4j = new Nd4jBackend().createEmbedding(spec, init);
            Model scratch = new ScratchBackend().createEmbedding(spec, init);
            LayerGradientStats[] a = new LayerGradientStats[spec.layerCount()];
            LayerGradientStats[] b = new LayerGradientStats[spec.layerCount()];
            for (int step = 0; step < 3; step++) {
                nd4j.computeGradients(x, labels, BATCH);
                scratch.computeGradients(x, labels, BATCH);
                nd4j.applyUpdate(LR, MU, a);
                scratch.applyUpdate(LR, MU, b);
            }
            assertThat(nd4j.layerCount()).isEqualTo(5);
            for (int l = 0; l < spec.layerCount(); l++) {
                assertThat(a[l].layer()).isEqualTo(l);
                assertThat(a[l].l2Norm()).isCloseTo(b[l].l2Norm(), within(1e-12));
                assertThat(a[l].meanAbs()).isCloseTo(b[l].meanAbs(), within(1e-12));
                assertThat(a[l].maxAbs()).isCloseTo(b[l].maxAbs(), within(1e-12));
                assertThat(a[l].updateRatio()).isCloseTo(b[l].updateRatio(), within(1e-12));
                boolean frozen = !train && l >= 3;
                if (frozen) {
                    assertThat(a[l]).isEqualTo(new LayerGradientStats(l, 0, 0, 0, 0));
                } else {
                    assertThat(a[l].updateRatio()).isPositive();
                }
            }
        }
    }

    @Test
    @DisplayName("Two runs from the same initial weights and batches give bit-identical losses")
    void deterministic() {
        EmbeddingSpec spec = spec(true, Precision.FLOAT32);
        ParameterSet init = KaimingInit.initialise(spec, 24);
        double[] first = TestData.train(new Nd4jBackend().createEmbedding(spec, init), x, labels, BATCH, STEPS, LR, MU);
        double[] second = TestData.train(new Nd4jBackend().createEmbedding(spec, init), x, labels, BATCH, STEPS, LR, MU);
        assertThat(second).containsExactly(first);
    }

    private static void print(String what, double[] a, double[] b) {
        for (int s = 0; s < a.length; s++) {
            System.out.printf(Locale.ROOT, "%s word net step %2d  nd4j %.15f  scratch %.15f  |diff| %.2e%n", what,
                    s + 1, a[s], b[s], Math.abs(a[s] - b[s]));
        }
    }

    private static double maxParameterDiff(ParameterSet a, ParameterSet b) {
        double max = 0;
        for (int t = 0; t < a.tensors().size(); t++) {
            max = Math.max(max, TestData.maxAbsDiff(a.tensors().get(t).values(), b.tensors().get(t).values()));
        }
        return max;
    }
}
