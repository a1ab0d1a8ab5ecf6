package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.core.training.TaskSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The option mixins that several commands share hold the values each command had when it declared them itself:
 * a per-command default (--epochs) is the command's own, and a value given replaces it in that command only.
 */
@DisplayName("Options shared by several commands")
class SharedOptionsTest {

    private static <T> T parsed(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    @DisplayName("--epochs defaults to 30 for train, 20 for sweep and 3 for loadgen, and a given value wins")
    void epochsDefaultPerCommand() {
        assertThat(parsed(new TrainCommand()).epochs.count).isEqualTo(30);
        assertThat(parsed(new SweepCommand()).epochs.count).isEqualTo(20);
        assertThat(parsed(new LoadgenCommand()).epochs.count).isEqualTo(3);
        SweepCommand sweep = new SweepCommand();
        CommandLine line = new CommandLine(sweep);
        line.parseArgs("--epochs", "7");
        assertThat(sweep.epochs.count).isEqualTo(7);
        line.parseArgs();
        assertThat(sweep.epochs.count).as("parsed again without --epochs").isEqualTo(20);
    }

    @Test
    @DisplayName("--data, --seed and --runs-dir keep their defaults (bundled set, 42, runs) and take a value")
    void dataSeedAndRunsDir() {
        TrainCommand train = parsed(new TrainCommand());
        assertThat(train.dataset.data).isNull();
        assertThat(train.dataset.seed).isEqualTo(42L);
        assertThat(train.runs.dir).isEqualTo(Path.of("runs"));
        CompareGradientsCommand compare = parsed(new CompareGradientsCommand(), "--data", "d", "--seed", "7",
                "--runs-dir", "elsewhere");
        assertThat(compare.dataset.data).isEqualTo(Path.of("d"));
        assertThat(compare.dataset.seed).isEqualTo(7L);
        assertThat(compare.runs.dir).isEqualTo(Path.of("elsewhere"));
        assertThat(parsed(new SweepWorkerCommand()).runs.dir).isEqualTo(Path.of("runs"));
    }

    @Test
    @DisplayName("--hidden unset means the task's widths (3 x 128 for compare-gradients' classify), set means those")
    void hiddenFallsBackToTheTask() {
        CompareGradientsCommand compare = parsed(new CompareGradientsCommand());
        assertThat(compare.hidden.widthsFor(TaskSpec.defaults("classify"))).containsExactly(128, 128, 128);
        TrainCommand train = parsed(new TrainCommand(), "--hidden", "64,32");
        assertThat(train.hidden.widthsFor(TaskSpec.defaults("embed"))).containsExactly(64, 32);
    }

    @Test
    @DisplayName("sweep and bench train one task on one backend, classify on scratch unless told")
    void oneTaskOneBackend() {
        BenchCommand bench = parsed(new BenchCommand());
        assertThat(bench.kind.task).isEqualTo("classify");
        assertThat(bench.kind.backend).isEqualTo("scratch");
        SweepCommand sweep = parsed(new SweepCommand(), "--task", "embed", "--backend", "nd4j", "--workers", "0");
        assertThat(sweep.kind.task).isEqualTo("embed");
        assertThat(sweep.kind.backend).isEqualTo("nd4j");
        assertThat(sweep.workers.count).isZero();
        assertThat(parsed(new SweepWorkerCommand()).workers.count).isEqualTo(1);
        assertThat(parsed(new BrokerCommand(), "--partitions", "3").topics.partitions).isEqualTo(3);
        assertThat(parsed(new ServeCommand()).topics.partitions).isEqualTo(1);
    }
}
