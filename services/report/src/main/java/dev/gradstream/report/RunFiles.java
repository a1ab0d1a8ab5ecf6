package dev.gradstream.report;

import dev.gradstream.core.training.RunLayout;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run directory holds (see {@link RunDirectoryListener}), read back for the report. Every file
 * but {@code config.json} may be missing: a failed or diverged run still gets its curves reported.
 *
 * @param dir         the run directory
 * @param runId       from config.json
 * @param backend     from config.json
 * @param task        from config.json
 * @param classNames  index = label
 * @param config      config.json as written
 * @param epochs      epochs.csv, or null
 * @param batches     batches.csv, or null
 * @param predictions test_predictions.csv, or null
 * @param testMetrics test_metrics.json (the evaluator's), or null
 * @param outcome     outcome.json, or null
 */
record RunFiles(Path dir, String runId, String backend, String task, List<String> classNames, JsonObject config,
                CsvColumns epochs, CsvColumns batches, TestPredictions predictions, JsonObject testMetrics,
                JsonObject outcome) {

    /** Scores of the test split with the best epoch's weights, row-major {@code labels.length x numClasses}. */
    record TestPredictions(int[] labels, float[] scores, int numClasses) {
    }

    /** True when {@code dir} looks like a run directory (it has a config.json). */
    static boolean isRunDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(RunLayout.CONFIG));
    }

    static RunFiles read(Path dir) {
        JsonObject config = json(dir.resolve(RunLayout.CONFIG));
        List<String> classNames = new ArrayList<>();
        JsonObject dataset = config.getJsonObject("dataset", new JsonObject());
        dataset.getJsonArray("class_names", new io.vertx.core.json.JsonArray()).forEach(n -> classNames.add(String.valueOf(n)));
        Path epochs = dir.resolve(RunLayout.EPOCHS);
        Path batches = dir.resolve(RunLayout.BATCHES);
        Path predictions = dir.resolve(RunLayout.TEST_PREDICTIONS);
        Path metrics = dir.resolve(RunLayout.TEST_METRICS);
        Path outcome = dir.resolve(RunLayout.OUTCOME);
        return new RunFiles(dir, config.getString("run_id", dir.getFileName().toString()),
                config.getString("backend", "?"), config.getString("task", "classify"), List.copyOf(classNames), config,
                Files.isRegularFile(epochs) ? CsvColumns.read(epochs) : null,
                Files.isRegularFile(batches) ? CsvColumns.read(batches) : null,
                Files.isRegularFile(predictions) ? readPredictions(predictions) : null,
                Files.isRegularFile(metrics) ? json(metrics) : null,
                Files.isRegularFile(outcome) ? json(outcome) : null);
    }

    /** The class name of label {@code k}, or the number when the config names none. */
    String className(int k) {
        return k < classNames.size() ? classNames.get(k) : Integer.toString(k);
    }

    static TestPredictions readPredictions(Path file) {
        CsvColumns csv = CsvColumns.read(file);
        List<String> names = csv.names();
        if (names.isEmpty() || !names.get(0).equals("label")) {
            throw new IllegalArgumentException(file + ": the first column must be 'label', found " + names);
        }
        int k = names.size() - 1;
        int n = csv.rows();
        double[] labelColumn = csv.doubles("label");
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (int) labelColumn[i];
            if (labels[i] != labelColumn[i] || labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException(file + " line " + (i + 2) + ": label " + labelColumn[i]
                        + " is not a class index in 0.." + (k - 1));
            }
        }
        float[] scores = new float[n * k];
        for (int c = 0; c < k; c++) {
            double[] column = csv.doubles(names.get(c + 1));
            for (int i = 0; i < n; i++) {
                scores[i * k + c] = (float) column[i];
            }
        }
        return new TestPredictions(labels, scores, k);
    }

    private static JsonObject json(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        } catch (DecodeException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
