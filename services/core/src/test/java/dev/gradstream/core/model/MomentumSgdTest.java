package dev.gradstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Momentum SGD and its per-layer statistics")
class MomentumSgdTest {

    /** Layer 0: a 1x1 weight and a bias (2 values); layer 1: a 1x2 weight and 2 biases (4 values). */
    private static final ModelSpec SPEC = new ModelSpec(1, new int[] {1}, 2, Precision.FLOAT64);

    @Test
    @DisplayName("Statistics follow the stated formulas on hand-computed sums")
    void statisticsFromSums() {
        // g = (3, -4): sum g^2 = 25, sum |g| = 7, max |g| = 4; new v has sum v^2 = 4; w before has sum w^2 = 1.
        double[] sums = {99, 25, 7, 4, 4, 1};
        LayerGradientStats s = LayerGradientStats.of(2, sums, 1, 2, 0.5);
        assertThat(s).isEqualTo(new LayerGradientStats(2, 5.0, 3.5, 4.0, 1.0));
        // Parameters all zero: infinite ratio when the update moves them, 0 when it does not.
        assertThat(LayerGradientStats.of(0, new double[] {1, 1, 1, 1, 0}, 0, 1, 0.1).updateRatio())
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(LayerGradientStats.of(0, new double[] {0, 0, 0, 0, 0}, 0, 1, 0.1).updateRatio()).isZero();
        assertThat(LayerGradientStats.frozen(3)).isEqualTo(new LayerGradientStats(3, 0, 0, 0, 0));
    }

    @Test
    @DisplayName("Two steps follow v = mu*v + g; w -= lr*v, and the statistics are those of each step")
    void twoSteps() {
        ArraySgd sgd = new ArraySgd(SPEC, new double[][] {{1, 2}, {5, 0, 0, 0}}, 2);
        sgd.g[0] = new double[] {1, -1};
        sgd.g[1] = new double[] {2, 0, 0, 0};
        LayerGradientStats[] stats = new LayerGradientStats[2];
        sgd.step(0.1, 0.5, stats);
        // v = g; w = (0.9, 2.1), (4.8, 0, 0, 0)
        assertThat(sgd.w[0][0]).isCloseTo(0.9, within(1e-15));
        assertThat(sgd.w[0][1]).isCloseTo(2.1, within(1e-15));
        assertThat(sgd.w[1][0]).isCloseTo(4.8, within(1e-15));
        assertThat(stats[0].l2Norm()).isCloseTo(Math.sqrt(2), within(1e-15));
        assertThat(stats[0].meanAbs()).isEqualTo(1.0);
        assertThat(stats[0].updateRatio()).isCloseTo(0.1 * Math.sqrt(2) / Math.sqrt(5), within(1e-15));
        assertThat(stats[1].updateRatio()).isCloseTo(0.1 * 2 / 5, within(1e-15));
        sgd.step(0.1, 0.5, stats);
        // v = 0.5 * (1, -1) + (1, -1) = (1.5, -1.5); w = (0.75, 2.25)
        assertThat(sgd.v[0]).containsExactly(1.5, -1.5);
        assertThat(sgd.w[0][0]).isCloseTo(0.75, within(1e-15));
        assertThat(stats[0].updateRatio()).isCloseTo(0.1 * Math.sqrt(4.5) / Math.sqrt(0.81 + 4.41), within(1e-15));
    }

    @Test
    @DisplayName("Layers past the trainable ones are not stepped and report zero statistics")
    void frozenLayers() {
        ArraySgd sgd = new ArraySgd(SPEC, new double[][] {{1, 2}, {5, 0, 0, 0}}, 1);
        sgd.g[1] = new double[] {2, 0, 0, 0};
        LayerGradientStats[] stats = new LayerGradientStats[2];
        sgd.step(0.1, 0.5, stats);
        assertThat(sgd.w[1]).containsExactly(5.0, 0, 0, 0);
        assertThat(stats[1]).isEqualTo(LayerGradientStats.frozen(1));
        sgd.step(0.1, 0.5, null);
        assertThat(sgd.w[1]).containsExactly(5.0, 0, 0, 0);
    }

    @Test
    @DisplayName("Refuses more trainable layers than there are")
    void rejectsTrainableCount() {
        assertThatThrownBy(() -> new ArraySgd(new ModelSpec(1, new int[0], 2, Precision.FLOAT64), new double[][] {{1, 2, 3, 4}}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 2");
    }
}
