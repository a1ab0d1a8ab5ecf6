package dev.gradstream.examples.epochcurve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Task;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The curve printer")
class CurvePrinterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CurvePrinter printer = new CurvePrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private static Event epoch(String run, long sequence, int epoch, double valLoss, boolean best) {
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(run)
                        .setBackend(Backend.BACKEND_ND4J).setTask(Task.TASK_EMBED).setEventTimeUnixMs(1).setSequence(sequence))
                .setEpochMetrics(EpochMetrics.newBuilder().setEpoch(epoch).setTrainLoss(0.5).setTrainAccuracy(0.25)
                        .setValidationLoss(valLoss).setValidationAccuracy(0.75).setBestSoFar(best))
                .build();
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("prints one row per epoch and treats sequence gaps between epochs as normal")
    void printsRows() {
        printer.accept("r", epoch("r", 1, 1, 0.9, true), "p0@0");
        printer.accept("r", epoch("r", 53, 2, 0.8, true), "p0@1");
        printer.accept("r", epoch("r", 105, 3, 0.85, false), "p0@2");
        printer.printSummary();
        assertThat(output()).contains("    1    0.500000    0.2500    0.900000    0.7500    *        1  r (nd4j, embed)")
                .contains("    3    0.500000    0.2500    0.850000    0.7500           105  r (nd4j, embed)")
                .contains("run r: 3 epochs, best epoch 2 (val loss 0.800000), 0 duplicates, 0 gaps")
                .doesNotContain("!");
        assertThat(printer.anomalies()).isZero();
    }

    @Test
    @DisplayName("skips an event whose sequence it has seen, and reports a skipped epoch as a gap")
    void duplicatesAndGaps() {
        printer.accept("r", epoch("r", 1, 1, 0.9, true), "p0@0");
        printer.accept("r", epoch("r", 1, 1, 0.9, true), "p0@1");
        printer.accept("r", epoch("r", 200, 4, 0.7, true), "p0@2");
        printer.printSummary();
        assertThat(output()).contains("! duplicate: run r sequence 1 (epoch 1) seen before; skipped (p0@1)")
                .contains("! gap: run r epoch 2..3 missing before epoch 4 (sequence 200, p0@2)")
                .contains("run r: 2 epochs, best epoch 4 (val loss 0.700000), 1 duplicates, 1 gaps");
        assertThat(printer.anomalies()).isEqualTo(2);
    }

    @Test
    @DisplayName("reports a record whose key is not the header's run id, and a sequence that goes back")
    void contractViolations() {
        printer.accept("r", epoch("r", 9, 1, 0.9, true), "p0@0");
        printer.accept("other", epoch("r", 5, 2, 0.9, false), "p0@1");
        assertThat(output()).contains("! p0@1: record key 'other' is not the header's run id 'r'")
                .contains("! out of order: run r sequence 5 after 9 (p0@1)");
    }
}
