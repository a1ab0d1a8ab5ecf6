package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.ResumePoint;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.core.training.TrainingLoop;
import dev.gradstream.core.training.TrainingState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The training loop's contract (core's TrainingLoop), run on the scratch backend and the bundled data. */
@DisplayName("The training loop")
class TrainingLoopTest {

    private static final DataSplits DATA = DataSets.load(null, 0.2, 7);

    @Test
    @DisplayName("keeps the epoch with the lowest validation loss as the best, and reports it")
    void bestEpoch() {
        List<EpochRecord> epochs = new ArrayList<>();
        TrainingConfig config = config(0.05, 8);
        RunOutcome outcome = new TrainingLoop(model(config), DATA, config, recording(epochs), null).run();

        int lowest = 0;
        for (int i = 1; i < epochs.size(); i++) {
            lowest = epochs.get(i).validationLoss() < epochs.get(lowest).validationLoss() ? i : lowest;
        }
        int argmin = lowest;
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
        assertThat(epochs).hasSize(8);
        assertThat(outcome.bestEpoch()).isEqualTo(argmin + 1);
        assertThat(outcome.bestValidationLoss()).isEqualTo(epochs.get(argmin).validationLoss());
        assertThat(epochs.stream().filter(EpochRecord::bestSoFar).map(EpochRecord::epoch).toList())
                .as("best-so-far flags").contains(argmin + 1).allMatch(e -> e <= argmin + 1);
        assertThat(outcome.testAccuracy()).isBetween(0.2, 1.0);
    }

    @Test
    @DisplayName("ends a run whose loss becomes NaN or infinite as diverged, saying so")
    void divergence() {
        TrainingConfig config = new TrainingConfig(new int[] {128, 128, 128}, 1e9, 0.9, 64, 5, 7, 0.2, Precision.FLOAT32);
        RunOutcome outcome = new TrainingLoop(model(config), DATA, config, new TrainingListener() {
        }, null).run();
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.DIVERGED);
        assertThat(outcome.epochsCompleted()).isLessThan(5);
        assertThat(outcome.reason()).containsIgnoringCase("nan");
    }

    @Test
    @DisplayName("a run stopped after epoch 2 and resumed from its state ends bit for bit as if never stopped")
    void resumeIsExact() {
        TrainingConfig config = config(0.05, 4);
        List<EpochRecord> whole = new ArrayList<>();
        RunOutcome uninterrupted = new TrainingLoop(model(config), DATA, config, recording(whole), null).run();

        List<EpochRecord> first = new ArrayList<>();
        TrainingState[] saved = new TrainingState[1];
        ParameterSet[] state = new ParameterSet[2];
        TrainingLoop[] loop = new TrainingLoop[1];
        loop[0] = new TrainingLoop(model(config), DATA, config, new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord epoch) {
                first.add(epoch);
            }

            @Override
            public void onEpochEnd(TrainingState s) {
                if (s.epoch() == 2) {
                    saved[0] = s;
                    state[0] = s.model().parameters();
                    state[1] = s.model().velocities();
                    loop[0].requestStop();
                }
            }
        }, null);
        loop[0].run();

        Model resumedModel = model(config);
        resumedModel.restoreState(state[0], state[1]);
        List<EpochRecord> rest = new ArrayList<>();
        RunOutcome resumed = new TrainingLoop(resumedModel, DATA, config, recording(rest), null,
                new ResumePoint(2, saved[0].step(), saved[0].bestEpoch(), saved[0].bestValidationLoss(), saved[0].best()))
                .run();

        assertThat(first.stream().map(EpochRecord::validationLoss).toList())
                .isEqualTo(whole.subList(0, 2).stream().map(EpochRecord::validationLoss).toList());
        assertThat(rest.stream().map(EpochRecord::validationLoss).toList())
                .isEqualTo(whole.subList(2, 4).stream().map(EpochRecord::validationLoss).toList());
        assertThat(resumed.bestEpoch()).isEqualTo(uninterrupted.bestEpoch());
        assertThat(resumed.testLoss()).isEqualTo(uninterrupted.testLoss());
    }

    private static TrainingConfig config(double lr, int epochs) {
        return new TrainingConfig(new int[] {32}, lr, 0.9, 64, epochs, 7, 0.2, Precision.FLOAT32);
    }

    private static Model model(TrainingConfig config) {
        return new TaskSpec.Classify().create(new ScratchBackend(), config.hidden(), DATA.features(), DATA.numClasses(),
                config.precision(), config.seed());
    }

    private static TrainingListener recording(List<EpochRecord> epochs) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord epoch) {
                epochs.add(epoch);
            }
        };
    }
}
