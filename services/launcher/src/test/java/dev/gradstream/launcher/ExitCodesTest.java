package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.core.training.RunOutcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The exit code of a command that trained runs")
class ExitCodesTest {

    private static RunResult run(RunOutcome.Status status) {
        return new RunResult("r", "classify", "scratch", Path.of("r"),
                new RunOutcome(status, 1, 0.5, 1, Double.NaN, Double.NaN, null), null);
    }

    @Test
    @DisplayName("is the worst outcome's: diverged (3) over failed (1) over completed (0)")
    void worstOutcome() {
        assertThat(ExitCodes.of(List.of())).isEqualTo(0);
        assertThat(ExitCodes.of(List.of(run(RunOutcome.Status.COMPLETED)))).isEqualTo(0);
        assertThat(ExitCodes.of(List.of(run(RunOutcome.Status.COMPLETED), run(RunOutcome.Status.FAILED)))).isEqualTo(1);
        assertThat(ExitCodes.of(List.of(run(RunOutcome.Status.DIVERGED), run(RunOutcome.Status.FAILED),
                run(RunOutcome.Status.COMPLETED)))).isEqualTo(3);
    }
}
