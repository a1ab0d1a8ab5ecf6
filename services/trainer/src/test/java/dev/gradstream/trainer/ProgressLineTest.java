package dev.gradstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The terminal's progress line (bars from me.tongfei:progressbar)")
class ProgressLineTest {

    @Test
    @DisplayName("draws two runs' bars, a line each with its note, prints lines above them, and clears on finish")
    void twoBarsAndLinesAbove() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressLine line = new ProgressLine(out, 200);
        line.start("scratch/classify", 200);
        line.start("nd4j/classify", 200);
        line.update("scratch/classify", 50, "epoch 1/4 loss 0.812");
        line.update("nd4j/classify", 100, "epoch 2/4 loss 0.654");
        // The library renders on its own thread every 100 ms: wait for a rendering of both updates.
        // (Its percentage can lag its step count by a rendering; the counts are what this line promises.)
        String drawn = waitForLine(bytes, "epoch 2/4 loss 0.654", "epoch 1/4 loss 0.812", " 50/200", "100/200");
        assertThat(drawn).contains("scratch/classify").contains(" 50/200").contains("nd4j/classify").contains("100/200");
        assertThat(drawn.lines().toList()).as("a line per bar, shorter than the terminal").hasSize(2)
                .allSatisfy(l -> assertThat(l.replace("\033[1A\033[K", "")).hasSizeLessThan(200));

        line.println("[scratch] epoch   1/4 ...");
        line.finish("scratch/classify");
        line.finish("nd4j/classify");
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertThat(all).contains("\033[K[scratch] epoch   1/4 ...\n");
        assertThat(all).endsWith("\r\033[K"); // both bars finished: the line is empty
    }

    /** The last redraw of the line once it shows every one of {@code notes}, within 5 s. */
    private static String waitForLine(ByteArrayOutputStream bytes, String... notes) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            String all = bytes.toString(StandardCharsets.UTF_8);
            int at = all.lastIndexOf("\r\033[K");
            String last = at < 0 ? "" : all.substring(at + 4);
            boolean complete = true;
            for (String n : notes) {
                complete &= last.contains(n);
            }
            if (complete) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the line never showed " + String.join(" and ", notes) + ": " + last);
            }
            Thread.sleep(20);
        }
    }
}
