package dev.gradstream.report;

import dev.gradstream.core.metrics.ClassCurve;
import dev.gradstream.core.metrics.ClassificationMetrics;
import dev.gradstream.core.metrics.ClassificationReport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The run report of a session: {@code report.html} in the session directory, one self-contained page (CSS
 * inline, charts as PNG data: URIs, no script) that opens offline. It shows, per task, the loss and
 * accuracy curves of every backend on shared charts and every mini-batch's loss; per run, the ROC and
 * precision-recall curves of each class and their macro average and the confusion matrix, all recomputed
 * from {@code test_predictions.csv} with {@link ClassificationMetrics}; the metrics table, checked
 * against the evaluator's {@code test_metrics.json}; and the first-iteration gradient comparison.
 */
public final class SessionReport {

    /** The report's file name inside the session directory. */
    public static final String FILE = "report.html";

    /** Metrics that differ from the evaluator's by more than this are flagged (both read the same scores). */
    private static final double AGREEMENT = 1e-6;

    private SessionReport() {
    }

    /**
     * Writes {@code sessionDir/report.html} and returns its path.
     *
     * @throws IllegalArgumentException when the directory holds no run or its files are malformed (named)
     */
    public static Path write(Path sessionDir) {
        SessionFiles session = SessionFiles.read(sessionDir);
        Path file = sessionDir.resolve(FILE);
        try {
            Files.writeString(file, html(session));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    static String html(SessionFiles session) {
        String id = session.dir().toAbsolutePath().normalize().getFileName().toString();
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").text("gradstream report " + id)
                .raw("</title>\n<style>").raw(STYLE).raw("</style></head><body>\n");
        h.element("h1", "gradstream run report: session " + id);
        h.raw("<p class=\"meta\">").text("generated " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)
                + " from " + session.dir().toAbsolutePath().normalize()).raw("</p>\n");
        List<RunFiles> runs = session.allRuns();
        if (!runs.isEmpty()) {
            configuration(h, runs);
            metrics(h, runs);
        }
        for (Map.Entry<String, List<RunFiles>> task : session.runsByTask().entrySet()) {
            curves(h, task.getKey(), task.getValue());
        }
        for (Map.Entry<String, CsvColumns> c : session.comparisons().entrySet()) {
            gradientComparison(h, c.getKey(), c.getValue());
        }
        h.raw("<p class=\"meta\">").text("Metrics follow scikit-learn's definitions (macro = unweighted mean over "
                + "classes; ROC AUC one-vs-rest; PR AUC = average precision). The macro curves average the "
                + "per-class curves on a common grid (ROC: interpolated TPR; PR: interpolated precision); the macro "
                + "areas in their legends are the means of the per-class areas.").raw("</p>\n");
        return h.raw("</body></html>\n").toString();
    }

    private static void configuration(Html h, List<RunFiles> runs) {
        h.element("h2", "Runs");
        JsonObject dataset = runs.get(0).config().getJsonObject("dataset", new JsonObject());
        h.raw("<p>").text(String.format("data: %s, %d train / %d validation / %d test, classes %s (fingerprint %s)",
                dataset.getString("name", "?"), dataset.getInteger("train", 0), dataset.getInteger("validation", 0),
                dataset.getInteger("test", 0), runs.get(0).classNames(), dataset.getString("fingerprint", "?")))
                .raw("</p>\n");
        h.tableStart("run id", "task", "backend", "hidden", "lr", "momentum", "batch", "epochs", "seed", "precision",
                "status", "best epoch", "epochs done", "reason");
        for (RunFiles r : runs) {
            JsonObject c = r.config();
            JsonObject o = r.outcome() == null ? new JsonObject() : r.outcome();
            h.row(r.runId(), r.task(), r.backend(), String.valueOf(c.getJsonArray("hidden")),
                    String.valueOf(c.getValue("learning_rate")), String.valueOf(c.getValue("momentum")),
                    String.valueOf(c.getValue("batch_size")), String.valueOf(c.getValue("max_epochs")),
                    String.valueOf(c.getValue("seed")), c.getString("precision", "?"), o.getString("status", "unfinished"),
                    String.valueOf(o.getValue("best_epoch", "-")), String.valueOf(o.getValue("epochs_completed", "-")),
                    o.getString("reason", ""));
        }
        h.tableEnd();
    }

    private static void metrics(Html h, List<RunFiles> runs) {
        h.element("h2", "Test metrics of the best epoch");
        h.tableStart("task", "backend", "samples", "accuracy", "precision", "recall", "F1", "ROC AUC", "PR AUC",
                "evaluator (test_metrics.json)");
        for (RunFiles r : runs) {
            if (r.predictions() == null) {
                h.row(r.task(), r.backend(), "-", "no test predictions (the run kept no epoch)", "", "", "", "", "", "");
                continue;
            }
            ClassificationReport m = evaluate(r);
            h.row(r.task(), r.backend(), Integer.toString(m.sampleCount()), Html.fixed(m.accuracy()),
                    Html.fixed(m.precisionMacro()), Html.fixed(m.recallMacro()), Html.fixed(m.f1Macro()),
                    Html.fixed(m.rocAucMacro()), Html.fixed(m.prAucMacro()), agreement(m, r.testMetrics()));
        }
        h.tableEnd();
        for (RunFiles r : runs) {
            if (r.predictions() == null) {
                continue;
            }
            ClassificationReport m = evaluate(r);
            double[] precision = ClassificationMetrics.precision(m.confusion(), m.numClasses());
            double[] recall = ClassificationMetrics.recall(m.confusion(), m.numClasses());
            double[] f1 = ClassificationMetrics.f1(precision, recall);
            h.element("h3", "Per class: " + r.task() + " / " + r.backend());
            h.tableStart("class", "support", "precision", "recall", "F1", "ROC AUC", "average precision");
            for (ClassCurve c : m.curves()) {
                int k = c.classIndex();
                long support = 0;
                for (int p = 0; p < m.numClasses(); p++) {
                    support += m.confusion(k, p);
                }
                h.row(k + " " + r.className(k), Long.toString(support), Html.fixed(precision[k]), Html.fixed(recall[k]),
                        Html.fixed(f1[k]), Html.fixed(c.rocAuc()), Html.fixed(c.averagePrecision()));
            }
            h.tableEnd();
        }
    }

    /** Whether the evaluator's stored numbers (computed from the Kafka predictions) match these. */
    static String agreement(ClassificationReport m, JsonObject evaluator) {
        if (evaluator == null) {
            return "not available";
        }
        double[][] pairs = {
            {m.accuracy(), number(evaluator, "accuracy")}, {m.precisionMacro(), number(evaluator, "precision_macro")},
            {m.recallMacro(), number(evaluator, "recall_macro")}, {m.f1Macro(), number(evaluator, "f1_macro")},
            {m.rocAucMacro(), number(evaluator, "roc_auc_ovr_macro")}, {m.prAucMacro(), number(evaluator, "pr_auc_macro")}};
        for (double[] p : pairs) {
            boolean bothNaN = Double.isNaN(p[0]) && Double.isNaN(p[1]);
            if (!bothNaN && !(Math.abs(p[0] - p[1]) <= AGREEMENT)) {
                return "DIFFERS (evaluator accuracy " + Html.fixed(number(evaluator, "accuracy")) + ", epoch "
                        + evaluator.getValue("epoch") + ")";
            }
        }
        return "agrees (epoch " + evaluator.getValue("epoch") + ")";
    }

    private static double number(JsonObject json, String key) {
        Object v = json.getValue(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static void curves(Html h, String task, List<RunFiles> runs) {
        h.element("h2", "Training curves: task " + task);
        h.raw("<div class=\"pair\">\n");
        addChart(h, ReportCharts.epochCurves(runs, "loss", "Loss per epoch (solid: train, dashed: validation)"),
                "loss curves of " + task);
        addChart(h, ReportCharts.epochCurves(runs, "accuracy", "Accuracy per epoch (solid: train, dashed: validation)"),
                "accuracy curves of " + task);
        h.raw("</div>\n");
        addChart(h, ReportCharts.batchLoss(runs, "Loss of every mini-batch"), "mini-batch losses of " + task);
        for (RunFiles r : runs) {
            if (r.predictions() == null) {
                continue;
            }
            ClassificationReport m = evaluate(r);
            h.element("h3", "Test split: " + task + " / " + r.backend());
            h.raw("<div class=\"pair\">\n");
            addChart(h, ReportCharts.roc(r, m), "ROC curves of " + r.backend());
            addChart(h, ReportCharts.precisionRecall(r, m), "precision-recall curves of " + r.backend());
            addChart(h, ReportCharts.confusion(r, m), "confusion matrix of " + r.backend());
            h.raw("</div>\n");
        }
    }

    private static void addChart(Html h, byte[] png, String alt) {
        if (png != null) {
            h.png(png, alt);
        }
    }

    private static void gradientComparison(Html h, String name, CsvColumns csv) {
        h.element("h2", "First-iteration gradient comparison (" + name + ")");
        h.raw("<p>").text("Identical initial weights and the identical first mini-batch; each tensor's gradient "
                + "compared between the backends.").raw("</p>\n");
        List<String> columns = csv.names();
        h.tableStart(columns.toArray(String[]::new));
        for (int i = 0; i < csv.rows(); i++) {
            String[] cells = new String[columns.size()];
            for (int c = 0; c < cells.length; c++) {
                String v = csv.strings(columns.get(c)).get(i);
                cells[c] = columns.get(c).startsWith("max_") ? Html.sci(Double.parseDouble(v)) : v;
            }
            h.row(cells);
        }
        h.tableEnd();
    }

    private static ClassificationReport evaluate(RunFiles r) {
        RunFiles.TestPredictions p = r.predictions();
        return ClassificationMetrics.evaluate(p.labels(), p.scores(), p.numClasses());
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:2em auto;max-width:1500px;\
            padding:0 1em;color:#222}
            h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{margin-top:1.4em}
            table{border-collapse:collapse;margin:.8em 0;font-size:.9em}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f3f3f3}
            td:first-child,th:first-child{text-align:left}
            figure{margin:.5em 0;display:inline-block}img{max-width:100%;border:1px solid #eee}
            .pair{display:flex;flex-wrap:wrap;gap:1em}.meta{color:#666;font-size:.85em}
            """;
}
