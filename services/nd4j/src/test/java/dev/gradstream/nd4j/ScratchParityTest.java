package dev.gradstream.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.scratch.ScratchBackend;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Training the nd4j model against the scratch model")
class ScratchParityTest {

    private static final ModelSpec SPEC = new ModelSpec(784, new int[] {32, 16}, 5, Precision.FLOAT64);
    private static final int BATCH = 32;
    private static final int STEPS = 10;
    private static final double LR = 0.01;
    private static final double MU = 0.9;

    /** Two batches, visited alternately, so that ten steps visibly lower the loss. */
    private final float[] x = TestData.inputs(2 * BATCH, 784, 11);
    private final int[] labels = TestData.labels(2 * BATCH, 5, 12);
    private final ParameterSet init = KaimingInit.initialise(SPEC, 13);

    @Test
    @DisplayName("Ten float64 SGD-with-momentum steps give the same loss as scratch to 1e-9 at every step")
    void lossesMatchScratchAtEveryStep() {
        double[] nd4j = train(new Nd4jBackend().create(SPEC, init), LR, MU);
        double[] scratch = train(new ScratchBackend().create(SPEC, init), LR, MU);

        for (int s = 0; s < STEPS; s++) {
            System.out.printf(Locale.ROOT, "step %2d  nd4j %.15f  scratch %.15f  |diff| %.2e%n", s + 1, nd4j[s],
                    scratch[s], Math.abs(nd4j[s] - scratch[s]));
        }
        assertThat(TestData.maxAbsDiff(nd4j, scratch)).isLessThanOrEqualTo(1e-9);
        // The run must actually learn, or matching losses would say little.
        assertThat(nd4j[STEPS - 1]).isLessThan(nd4j[0] - 0.03);
    }

    @Test
    @DisplayName("The 1e-9 tolerance would catch a wrong momentum rule or a loss summed over the batch")
    void toleranceCatchesWrongRules() {
        double[] nd4j = train(new Nd4jBackend().create(SPEC, init), LR, MU);
        // No momentum (plain SGD) instead of v = mu v + g.
        double[] noMomentum = train(new ScratchBackend().create(SPEC, init), LR, 0.0);
        // A summed loss has a gradient BATCH times larger: the same steps as lr * BATCH on the mean loss.
        double[] summed = train(new ScratchBackend().create(SPEC, init), LR * BATCH, MU);

        System.out.printf(Locale.ROOT, "max step-loss difference: momentum 0 %.3e, gradient x batch %.3e%n",
                TestData.maxAbsDiff(nd4j, noMomentum), TestData.maxAbsDiff(nd4j, summed));
        assertThat(TestData.maxAbsDiff(nd4j, noMomentum)).isGreaterThan(1e-6);
        assertThat(TestData.maxAbsDiff(nd4j, summed)).isGreaterThan(1e-6);
    }

    @Test
    @DisplayName("Two runs from the same initial weights and batches give bit-identical losses")
    void deterministic() {
        double[] first = train(new Nd4jBackend().create(SPEC, init), LR, MU);
        double[] second = train(new Nd4jBackend().create(SPEC, init), LR, MU);
        assertThat(second).containsExactly(first);

        ModelSpec f32 = new ModelSpec(784, new int[] {32, 16}, 5, Precision.FLOAT32);
        ParameterSet init32 = KaimingInit.initialise(f32, 13);
        double[] a = train(new Nd4jBackend().create(f32, init32), LR, MU);
        double[] b = train(new Nd4jBackend().create(f32, init32), LR, MU);
        assertThat(b).containsExactly(a);
    }

    private double[] train(Model model, double lr, double mu) {
        try (model) {
            return TestData.train(model, x, labels, BATCH, STEPS, lr, mu);
        }
    }
}
