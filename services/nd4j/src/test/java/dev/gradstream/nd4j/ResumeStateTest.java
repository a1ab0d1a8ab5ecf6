package dev.gradstream.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.core.model.Backend;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.scratch.ScratchBackend;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Saving and restoring a model's parameters and momentum")
class ResumeStateTest {

    private static final int BATCH = 16;

    /** Losses of {@code steps} SGD steps on alternating batches. */
    private static double[] train(Model model, int steps, int offset) {
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            int b = (s + offset) % 2;
            losses[s] = model.computeGradients(TestData.inputs(BATCH, 20, b), TestData.labels(BATCH, 4, b), BATCH);
            model.applyUpdate(0.05, 0.9, null);
        }
        return losses;
    }

    private static void continuesExactly(BiFunction<Backend, ParameterSet, Model> create, ParameterSet init) {
        for (Backend backend : List.of(new ScratchBackend(), new Nd4jBackend())) {
            try (Model original = create.apply(backend, init); Model resumed = create.apply(backend, init)) {
                train(original, 4, 0);
                ParameterSet params = original.parameters();
                ParameterSet velocities = original.velocities();
                double[] expected = train(original, 4, 4);
                resumed.restoreState(params, velocities);
                assertThat(train(resumed, 4, 4)).as(backend.name()).containsExactly(expected);
                // Without the momentum the continuation differs: the test would notice a lost velocity.
                try (Model withoutMomentum = create.apply(backend, init)) {
                    withoutMomentum.setParameters(params);
                    assertThat(train(withoutMomentum, 4, 4)[1]).isNotEqualTo(expected[1]);
                }
            }
        }
    }

    @Test
    @DisplayName("continues a classifier exactly where it stopped, on both backends")
    void classifier() {
        ModelSpec spec = new ModelSpec(20, new int[] {12, 8}, 4, Precision.FLOAT64);
        continuesExactly((b, p) -> b.create(spec, p), KaimingInit.initialise(spec, 3));
    }

    @Test
    @DisplayName("continues an embedding model (trained word net) exactly where it stopped, on both backends")
    void embedding() {
        EmbeddingSpec spec = new EmbeddingSpec(20, new int[] {12}, 6, new int[] {5}, 4, 4,
                TestData.inputs(4, 6, 9), true, Precision.FLOAT64);
        continuesExactly((b, p) -> b.createEmbedding(spec, p), KaimingInit.initialise(spec, 3));
    }
}
