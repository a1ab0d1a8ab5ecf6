package dev.gradstream.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shared model base")
class AbstractModelTest {

    /** One input, two classes, no hidden layer: a 1x2 weight and 2 biases. */
    private static final ModelSpec SPEC = new ModelSpec(1, new int[0], 2, Precision.FLOAT64);

    /**
     * A model whose loss is the mean input and whose every gradient is that mean; its scores are
     * {@code (x, -x)}. It records the rows each evaluation chunk covers.
     */
    private static final class MeanModel extends AbstractModel {
        final ArraySgd sgd;
        final List<int[]> chunks = new ArrayList<>();
        int passes;

        MeanModel(ParameterSet initial, int chunk) {
            super(SPEC, initial, chunk);
            double[][] w = new double[1][4];
            ArraySgd.copyInto(initial, w);
            sgd = new ArraySgd(SPEC, w, 1);
        }

        private static double mean(float[] x, int from, int rows) {
            double sum = 0;
            for (int i = from; i < from + rows; i++) {
                sum += x[i];
            }
            return sum / rows;
        }

        @Override
        protected BatchResult forwardBackward(float[] x, int[] labels, int count) {
            passes++;
            double mean = mean(x, 0, count);
            java.util.Arrays.fill(sgd.g[0], mean);
            return new BatchResult(mean, count - 1);
        }

        @Override
        protected ParameterSet gradientValues() {
            return ArraySgd.asParameters(SPEC, sgd.g);
        }

        @Override
        protected double evaluateRows(float[] x, int[] labels, int from, int rows, float[] scoresOut) {
            chunks.add(new int[] {from, rows});
            for (int i = 0; scoresOut != null && i < rows; i++) {
                scoresOut[(from + i) * classes()] = x[from + i];
                scoresOut[(from + i) * classes() + 1] = -x[from + i];
            }
            return mean(x, from, rows);
        }

        @Override
        protected void loadParameters(ParameterSet parameters) {
            ArraySgd.copyInto(parameters, sgd.w);
        }

        @Override
        protected MomentumSgd optimizer() {
            return sgd;
        }

        @Override
        public ParameterSet parameters() {
            return ArraySgd.asParameters(SPEC, sgd.w);
        }
    }

    private static ParameterSet values(double... v) {
        return ArraySgd.asParameters(SPEC, new double[][] {v});
    }

    @Test
    @DisplayName("Evaluates in chunks, weights each chunk's mean loss by its rows and places every score")
    void evaluatesInChunks() {
        MeanModel model = new MeanModel(values(1, 2, 3, 4), 2);
        float[] x = {1, 2, 3, 4, 10};
        float[] scores = new float[10];
        double loss = model.evaluate(x, new int[] {0, 1, 0, 1, 0}, 5, scores);
        assertThat(model.chunks).containsExactly(new int[] {0, 2}, new int[] {2, 2}, new int[] {4, 1});
        assertThat(loss).isCloseTo(4.0, within(1e-12));
        assertThat(scores).containsExactly(1, -1, 2, -2, 3, -3, 4, -4, 10, -10);
        assertThat(model.evaluate(x, new int[] {0, 1, 0, 1, 0}, 5, null)).isCloseTo(4.0, within(1e-12));
    }

    @Test
    @DisplayName("Refuses to give or apply gradients before a forward and backward pass")
    void noGradientsYet() {
        MeanModel model = new MeanModel(values(1, 2, 3, 4), 2);
        assertThatThrownBy(model::gradients).isInstanceOf(IllegalStateException.class)
                .hasMessage("no gradients yet: call computeGradients first");
        assertThatThrownBy(() -> model.applyUpdate(0.1, 0.9, null)).isInstanceOf(IllegalStateException.class)
                .hasMessage("no gradients to apply: call computeGradients first");
        assertThat(model.computeGradients(new float[] {2, 4}, new int[] {0, 1}, 2)).isEqualTo(3.0);
        assertThat(model.lastBatchCorrect()).isEqualTo(1);
        assertThat(model.gradients().weight(0).values()).containsExactly(3, 3);
        LayerGradientStats[] stats = new LayerGradientStats[1];
        model.applyUpdate(0.5, 0.9, stats);
        assertThat(model.parameters().weight(0).values()).containsExactly(-0.5, 0.5);
        assertThat(stats[0].maxAbs()).isEqualTo(3.0);
    }

    @Test
    @DisplayName("Checks batches and update arguments before the backend sees them")
    void checksArguments() {
        MeanModel model = new MeanModel(values(1, 2, 3, 4), 2);
        assertThatThrownBy(() -> model.computeGradients(new float[] {1, 2}, new int[] {0, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 2");
        assertThatThrownBy(() -> model.evaluate(new float[] {1, 2}, new int[] {0, 1}, 2, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoresOut holds 3");
        assertThat(model.passes).isZero();
        assertThat(model.chunks).isEmpty();
        model.computeGradients(new float[] {1}, new int[] {0}, 1);
        assertThatThrownBy(() -> model.applyUpdate(0.1, 1.0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new MeanModel(ArraySgd.asParameters(new ModelSpec(1, new int[0], 3,
                Precision.FLOAT64), new double[][] {new double[6]}), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer0.weight")
                .hasMessageContaining("1x3").hasMessageContaining("expected 1x2");
    }

    @Test
    @DisplayName("Restores parameters and momentum together, and refuses misshapen momentum before changing anything")
    void restoresState() {
        MeanModel model = new MeanModel(values(1, 2, 3, 4), 2);
        ParameterSet misshapen = ArraySgd.asParameters(new ModelSpec(1, new int[0], 3, Precision.FLOAT64),
                new double[][] {new double[6]});
        assertThatThrownBy(() -> model.restoreState(values(5, 6, 7, 8), misshapen))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer0.weight");
        assertThat(model.parameters().weight(0).values()).containsExactly(1, 2);

        model.restoreState(values(5, 6, 7, 8), values(0.5, 0.5, 0.5, 0.5));
        assertThat(model.parameters().bias(0).values()).containsExactly(7, 8);
        assertThat(model.velocities().bias(0).values()).containsExactly(0.5, 0.5);
        model.restoreParameters(values(1, 1, 1, 1));
        assertThat(model.velocities().bias(0).values()).as("restoreParameters keeps momentum").containsExactly(0.5, 0.5);
        model.setParameters(values(1, 1, 1, 1));
        assertThat(model.velocities().bias(0).values()).as("setParameters clears momentum").containsExactly(0, 0);
    }

    @Test
    @DisplayName("Refuses a chunk size that is not positive")
    void rejectsChunk() {
        assertThatThrownBy(() -> new MeanModel(values(1, 2, 3, 4), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
