package dev.gradstream.core.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Tensor;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Gradient comparison")
class GradientComparisonTest {

    private static ParameterSet oneLayer(double[] w, double[] b) {
        return new ParameterSet(List.of(new Tensor("layer0.weight", 1, w.length, w),
                new Tensor("layer0.bias", 1, b.length, b)));
    }

    @Test
    @DisplayName("computes the hand-worked differences, cosine and norms")
    void handComputed() {
        List<GradientComparison.Row> rows = GradientComparison.compare(
                oneLayer(new double[] {3, 4}, new double[] {0, 0}),
                oneLayer(new double[] {3, 4.5}, new double[] {0, 0}));
        GradientComparison.Row w = rows.get(0);
        assertThat(w.tensor()).isEqualTo("weight");
        assertThat(w.maxAbsDiff()).isEqualTo(0.5);
        assertThat(w.maxRelDiff()).isCloseTo(0.5 / 4.5, within(1e-15));
        assertThat(w.scaledDiff()).isCloseTo(0.5 / 4.5, within(1e-15));
        assertThat(w.normA()).isEqualTo(5.0);
        assertThat(w.normB()).isCloseTo(Math.sqrt(9 + 20.25), within(1e-12));
        assertThat(w.cosine()).isCloseTo((9 + 18) / (5 * Math.sqrt(29.25)), within(1e-15));
        GradientComparison.Row b = rows.get(1);
        assertThat(b.maxRelDiff()).isZero();
        assertThat(b.cosine()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("reports NaN when a gradient holds NaN, and refuses mismatched shapes")
    void nanAndShapes() {
        GradientComparison.Row w = GradientComparison.compare(oneLayer(new double[] {1, Double.NaN}, new double[] {1}),
                oneLayer(new double[] {1, 2}, new double[] {1})).get(0);
        assertThat(w.maxAbsDiff()).isNaN();
        assertThatThrownBy(() -> GradientComparison.compare(oneLayer(new double[] {1, 2}, new double[] {1}),
                oneLayer(new double[] {1, 2, 3}, new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer0.weight");
    }
}
