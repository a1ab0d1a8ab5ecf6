package dev.gradstream.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.compare.GradientComparison;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.scratch.ScratchBackend;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Comparing first-iteration gradients of nd4j and scratch")
class GradientComparisonTest {

    private static final int BATCH = 64;

    @Test
    @DisplayName("In float64 every layer's gradients agree to a relative 1e-10, cosine 1")
    void float64GradientsAgree() {
        List<GradientComparison.Row> rows = firstIterationComparison(Precision.FLOAT64);
        assertThat(rows).allSatisfy(r -> assertThat(r.maxRelDiff()).isLessThanOrEqualTo(1e-10));
        assertThat(rows).allSatisfy(r -> assertThat(r.scaledDiff()).isLessThanOrEqualTo(1e-13));
        assertThat(rows).allSatisfy(r -> assertThat(r.cosine()).isCloseTo(1.0, within(1e-14)));
    }

    @Test
    @DisplayName("In float32 every layer's gradients agree to 1e-4 of the tensor's scale, cosine 1 to 1e-6")
    void float32GradientsAgree() {
        List<GradientComparison.Row> rows = firstIterationComparison(Precision.FLOAT32);
        // Element-wise relative differences reach ~1e-2 on near-zero elements (sums of ~1e-3 terms that
        // cancel), in both directions of rounding: the scaled difference is the meaningful float32 bound.
        assertThat(rows).allSatisfy(r -> assertThat(r.scaledDiff()).isLessThanOrEqualTo(1e-4));
        assertThat(rows).allSatisfy(r -> assertThat(r.cosine()).isCloseTo(1.0, within(1e-6)));
    }

    /** Same Kaiming weights, same first mini-batch of 64, one forward and backward on each backend. */
    private static List<GradientComparison.Row> firstIterationComparison(Precision precision) {
        ModelSpec spec = new ModelSpec(784, new int[] {128, 128, 128}, 10, precision);
        ParameterSet init = KaimingInit.initialise(spec, 2024);
        float[] x = TestData.inputs(BATCH, 784, 3);
        int[] labels = TestData.labels(BATCH, 10, 4);
        ParameterSet nd4j = gradients(new Nd4jBackend().create(spec, init), x, labels);
        ParameterSet scratch = gradients(new ScratchBackend().create(spec, init), x, labels);
        List<GradientComparison.Row> rows = GradientComparison.compare(nd4j, scratch);
        rows.forEach(r -> System.out.println(precision.label() + " " + r));
        return rows;
    }

    private static ParameterSet gradients(Model model, float[] x, int[] labels) {
        try (model) {
            model.computeGradients(x, labels, BATCH);
            return model.gradients();
        }
    }
}
