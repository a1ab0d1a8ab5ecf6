package dev.gradstream.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.compare.GradientComparison;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.scratch.ScratchBackend;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Comparing first-iteration embedding-model gradients of nd4j and scratch")
class EmbeddingGradientComparisonTest {

    private static final int BATCH = 64;
    /** Image layers 0-2, word layers 3-4 of {@link EmbeddingParityTest#spec}. */
    private static final int IMAGE_LAYERS = 3;

    @Test
    @DisplayName("In float64 every layer's gradients agree to a relative 1e-10, cosine 1, word net frozen or trained")
    void float64GradientsAgree() {
        for (boolean train : new boolean[] {false, true}) {
            List<GradientComparison.Row> rows = firstIterationComparison(train, Precision.FLOAT64);
            List<GradientComparison.Row> compared = train ? rows : rows.subList(0, 2 * IMAGE_LAYERS);
            assertThat(compared).allSatisfy(r -> assertThat(r.maxRelDiff()).isLessThanOrEqualTo(1e-10));
            assertThat(compared).allSatisfy(r -> assertThat(r.scaledDiff()).isLessThanOrEqualTo(1e-13));
            assertThat(compared).allSatisfy(r -> assertThat(r.cosine()).isCloseTo(1.0, within(1e-14)));
            assertThat(compared).allSatisfy(r -> assertThat(r.normA()).isPositive());
        }
    }

    @Test
    @DisplayName("In float32 every layer's gradients agree to 1e-4 of the tensor's scale, cosine 1 to 1e-6")
    void float32GradientsAgree() {
        for (boolean train : new boolean[] {false, true}) {
            List<GradientComparison.Row> rows = firstIterationComparison(train, Precision.FLOAT32);
            List<GradientComparison.Row> compared = train ? rows : rows.subList(0, 2 * IMAGE_LAYERS);
            assertThat(compared).allSatisfy(r -> assertThat(r.scaledDiff()).isLessThanOrEqualTo(1e-4));
            assertThat(compared).allSatisfy(r -> assertThat(r.cosine()).isCloseTo(1.0, within(1e-6)));
        }
    }

    @Test
    @DisplayName("A frozen word net's gradients are reported as zero tensors of the right shapes")
    void frozenWordNetGradientsAreZero() {
        EmbeddingSpec spec = EmbeddingParityTest.spec(false, Precision.FLOAT64);
        try (Model model = new Nd4jBackend().createEmbedding(spec, KaimingInit.initialise(spec, 2024))) {
            model.computeGradients(TestData.inputs(BATCH, 784, 3), TestData.labels(BATCH, 5, 4), BATCH);
            ParameterSet g = model.gradients();
            assertThat(g.tensors()).hasSize(10);
            assertThat(g.weight(3).rows()).isEqualTo(100);
            assertThat(g.weight(4).cols()).isEqualTo(8);
            for (int t = 2 * IMAGE_LAYERS; t < 10; t++) {
                assertThat(g.tensors().get(t).values()).as(g.tensors().get(t).name()).containsOnly(0.0);
            }
            assertThat(g.weight(0).values()).as("image gradients").isNotEqualTo(new double[784 * 32]);
        }
    }

    /** Same Kaiming weights, same first mini-batch of 64, one forward and backward on each backend. */
    private static List<GradientComparison.Row> firstIterationComparison(boolean train, Precision precision) {
        EmbeddingSpec spec = EmbeddingParityTest.spec(train, precision);
        ParameterSet init = KaimingInit.initialise(spec, 2024);
        float[] x = TestData.inputs(BATCH, 784, 3);
        int[] labels = TestData.labels(BATCH, 5, 4);
        ParameterSet nd4j = gradients(new Nd4jBackend().createEmbedding(spec, init), x, labels);
        ParameterSet scratch = gradients(new ScratchBackend().createEmbedding(spec, init), x, labels);
        List<GradientComparison.Row> rows = GradientComparison.compare(nd4j, scratch);
        rows.forEach(r -> System.out.println(precision.label() + (train ? " trained " : " frozen ") + r));
        return rows;
    }

    private static ParameterSet gradients(Model model, float[] x, int[] labels) {
        try (model) {
            model.computeGradients(x, labels, BATCH);
            return model.gradients();
        }
    }
}
