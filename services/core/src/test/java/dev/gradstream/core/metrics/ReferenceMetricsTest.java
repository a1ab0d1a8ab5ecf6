package dev.gradstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares {@link ClassificationMetrics} with peers/ref_metrics.py, scikit-learn's definitions re-derived in
 * NumPy: on a committed fixture (reference_scores.csv and the JSON the script printed for it, both made by
 * make_reference_fixture.py next to them) and, where python3 with NumPy and the script exist, live on fresh
 * random scores.
 */
class ReferenceMetricsTest {

    private static final String FIXTURE = "/dev/gradstream/core/metrics/reference_scores";

    @Test
    @DisplayName("the committed fixture matches the reference's numbers within 1e-12")
    void committedFixture() throws IOException {
        String csv;
        String json;
        try (InputStream c = getClass().getResourceAsStream(FIXTURE + ".csv");
             InputStream j = getClass().getResourceAsStream(FIXTURE + ".expected.json")) {
            csv = new String(c.readAllBytes(), StandardCharsets.UTF_8);
            json = new String(j.readAllBytes(), StandardCharsets.UTF_8);
        }
        Scores scores = Scores.parse(csv);
        assertThat(scores.labels).hasSize(300);
        assertMatches(ClassificationMetrics.evaluate(scores.labels, scores.values, scores.k), parseJson(json));
    }

    @Test
    @DisplayName("fresh random scores with ties match ref_metrics.py run live")
    @Tag("integration")
    void liveReference(@TempDir Path tmp) throws Exception {
        Path refScript = dev.gradstream.core.SharedData.require("peers/ref_metrics.py");
        assumeTrue(run(List.of("python3", "-c", "import numpy; numpy.trapezoid"), tmp).exitCode == 0,
                "no python3 with numpy >= 2");
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int n = 400 + random.nextInt(400);
            int k = 3 + random.nextInt(5);
            StringBuilder csv = new StringBuilder("label");
            for (int j = 0; j < k; j++) {
                csv.append(",score_").append(j);
            }
            csv.append('\n');
            int[] labels = new int[n];
            float[] values = new float[n * k];
            for (int i = 0; i < n; i++) {
                labels[i] = i < k ? i : random.nextInt(k); // every class present
                csv.append(labels[i]);
                for (int j = 0; j < k; j++) {
                    float v = j % 2 == 0
                            ? random.nextInt(9) / 8f + (j == labels[i] ? 0.25f : 0f)  // coarse: many ties
                            : (float) random.nextDouble() + (j == labels[i] ? 0.2f : 0f);
                    values[i * k + j] = v;
                    csv.append(',').append((double) v); // the exact float, so NumPy reads the same number
                }
                csv.append('\n');
            }
            Path file = Files.writeString(tmp.resolve("scores" + seed + ".csv"), csv);
            Result result = run(List.of("python3", refScript.toString(), file.toString()), tmp);
            assertThat(result.exitCode).as(result.output).isZero();
            assertMatches(ClassificationMetrics.evaluate(labels, values, k), parseJson(result.output));
        }
    }

    private static void assertMatches(ClassificationReport r, Map<String, Double> ref) {
        assertThat(ref).hasSize(6);
        assertThat(r.accuracy()).isCloseTo(ref.get("accuracy"), within(1e-12));
        assertThat(r.precisionMacro()).isCloseTo(ref.get("precision_macro"), within(1e-12));
        assertThat(r.recallMacro()).isCloseTo(ref.get("recall_macro"), within(1e-12));
        assertThat(r.f1Macro()).isCloseTo(ref.get("f1_macro"), within(1e-12));
        assertThat(r.rocAucMacro()).isCloseTo(ref.get("roc_auc_ovr_macro"), within(1e-12));
        assertThat(r.prAucMacro()).isCloseTo(ref.get("pr_auc_macro"), within(1e-12));
    }

    /** The flat {@code {"name": number, ...}} object ref_metrics.py prints. */
    private static Map<String, Double> parseJson(String json) {
        Map<String, Double> out = new HashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\"\\s*:\\s*([-+0-9.eE]+|NaN)").matcher(json);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    private record Scores(int[] labels, float[] values, int k) {
        static Scores parse(String csv) {
            List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
            int k = lines.get(0).split(",").length - 1;
            int[] labels = new int[lines.size() - 1];
            float[] values = new float[labels.length * k];
            for (int i = 0; i < labels.length; i++) {
                String[] cells = lines.get(i + 1).split(",");
                labels[i] = Integer.parseInt(cells[0]);
                for (int j = 0; j < k; j++) {
                    values[i * k + j] = Float.parseFloat(cells[j + 1]);
                }
            }
            return new Scores(labels, values, k);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.toString()); // python3 missing
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), output);
    }
}
