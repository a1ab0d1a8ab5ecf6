package dev.gradstream.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.core.training.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sweep spaces")
class SweepSpaceTest {

    private final TrainingConfig base = TrainingConfig.defaults().withMaxEpochs(5);

    @Test
    @DisplayName("the assignment's grid is 3 x 2 x 3 = 18 configurations on 3 x 128, batch varying fastest")
    void grid() {
        List<TrainingConfig> configs = SweepSpace.GRID.configurations(base);
        assertThat(configs).hasSize(18).doesNotHaveDuplicates();
        assertThat(configs.get(0)).isEqualTo(new TrainingConfig(new int[] {128, 128, 128}, 0.001, 0.8, 32, 5, 42, 0.2,
                base.precision()));
        assertThat(configs.get(1).batchSize()).isEqualTo(64);
        assertThat(configs.get(17)).isEqualTo(new TrainingConfig(new int[] {128, 128, 128}, 0.1, 0.9, 128, 5, 42, 0.2,
                base.precision()));
    }

    @Test
    @DisplayName("the depth search is 1, 2, 3 layers of 128 at the base hyperparameters; both searches share one")
    void depthAndUnion() {
        assertThat(SweepSpace.DEPTH.configurations(base)).extracting(c -> c.hidden().length).containsExactly(1, 2, 3);
        // 3 x 128 at lr 0.01, momentum 0.9, batch 64 is in both: 3 + 18 - 1.
        assertThat(SweepSpace.union(List.of(SweepSpace.DEPTH, SweepSpace.GRID), base)).hasSize(20);
    }

    @Test
    @DisplayName("an axis given on the command line replaces the preset's; impossible values are named")
    void overrides() {
        SweepSpace given = new SweepSpace(List.of(new int[] {64}), List.of(0.5), List.of(), List.of());
        List<TrainingConfig> configs = SweepSpace.GRID.overriddenBy(given).configurations(base);
        assertThat(configs).hasSize(6).allSatisfy(c -> {
            assertThat(c.hidden()).containsExactly(64);
            assertThat(c.learningRate()).isEqualTo(0.5);
        });
        assertThatThrownBy(() -> new SweepSpace(List.of(), List.of(-1.0), List.of(), List.of()).configurations(base))
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> SweepSpace.parseWidths("128,x")).hasMessageContaining("'x'");
    }
}
