package dev.gradstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.core.training.BatchRecord;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.RunOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The console progress of a run")
class ConsoleProgressTest {

    @Test
    @DisplayName("prints plain lines, one per epoch and one at the end, when its output is not a terminal")
    void plainLinesOffATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "scratch/classify");
        progress.onBatch(new BatchRecord(1, 0, 1, 0.9, 16, List.of()));
        progress.onEpoch(new EpochRecord(1, 2, 0.8123, 0.5, 0.7, 0.625, 1.5, 1234, true));
        progress.onBatch(new BatchRecord(2, 0, 2, 0.6, 16, List.of()));
        progress.onEpoch(new EpochRecord(2, 2, 0.6, 0.7, 0.75, 0.6, 1.4, 1300, false));
        progress.onRunEnd(new RunOutcome(RunOutcome.Status.COMPLETED, 1, 0.7, 2, 0.72, 0.61, "done"));
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("\r").doesNotContain("\033");
        assertThat(all.lines().toList()).containsExactly(
                "[scratch/classify] epoch   1/2  train loss 0.8123 acc 0.5000 | val loss 0.7000 acc 0.6250 |   1.5 s     1,234 samples/s  *best",
                "[scratch/classify] epoch   2/2  train loss 0.6000 acc 0.7000 | val loss 0.7500 acc 0.6000 |   1.4 s     1,300 samples/s",
                "[scratch/classify] completed: done; test loss 0.7200 acc 0.6100 (weights of epoch 1)");
    }
}
