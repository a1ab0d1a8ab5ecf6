package dev.gradstream.launcher;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.metrics.ClassificationMetrics;
import dev.gradstream.core.metrics.ClassificationReport;
import dev.gradstream.evaluator.PredictionAssembler;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.Split;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gradstream evaluate RUN_ID}: re-evaluates a run's predictions as Kafka stored them with the
 * current metric code ({@link ClassificationMetrics}, the evaluator's), prints them beside the results
 * the evaluator published at the time, and saves them as {@code reevaluation.json} in the run directory.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Re-evaluate a run's stored predictions (from Kafka's predictions topic) with the current "
                + "evaluator code; print the metrics beside the stored ones and save them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:evaluated", "2:no predictions of that run in Kafka, or bad options",
            "4:Kafka could not be reached"})
final class EvaluateCommand implements Callable<Integer> {

    /** Saved in the run directory when it exists. */
    static final String FILE = "reevaluation.json";

    @Mixin
    BusOptions bus;

    @Parameters(arity = "1", paramLabel = "RUN_ID", description = "The run, e.g. 20250101-120000-ab12-classify-scratch.")
    String runId;

    @Option(names = "--split", defaultValue = "test",
            description = "test, validation or all (every epoch's validation too) (default: ${DEFAULT-VALUE}).")
    String split;

    @Mixin
    RunsDirOption runs;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Where to save the metrics (default: " + FILE + " in the run directory, if it exists).")
    Path output;

    /** One (split, epoch) of predictions, its chunks joined by offset. */
    record Assembled(Split split, int epoch, int[] labels, float[] scores, int numClasses) {
    }

    @Override
    public Integer call() {
        if (!List.of("test", "validation", "all").contains(split)) {
            throw new IllegalArgumentException("--split must be test, validation or all, got '" + split + "'");
        }
        List<Event> predictions;
        Map<String, EvaluationResult> stored = new HashMap<>();
        // Only the broker (when in-process): evaluating stored predictions needs no service.
        try (Stack stack = Stack.start(bus.withKafkaDirUnder(runs.dir), dev.gradstream.monitor.MonitorSettings.defaults(),
                java.util.EnumSet.noneOf(Stack.Service.class), System.out)) {
            KafkaClients clients = stack.clients();
            predictions = StoredEvents.read(clients, List.of(Topics.PREDICTIONS), runId::equals);
            for (Event e : StoredEvents.read(clients, List.of(Topics.EVALUATIONS), runId::equals)) {
                EvaluationResult r = e.getEvaluationResult();
                stored.put(r.getSplit() + "/" + r.getEpoch(), r);
            }
        }
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("no predictions of run '" + runId + "' in Kafka (topic "
                    + Topics.PREDICTIONS + ")");
        }
        JsonArray saved = new JsonArray();
        System.out.printf(Locale.ROOT, "%nrun %s, re-evaluated now (stored: the evaluator's result at the time)%n", runId);
        System.out.printf(Locale.ROOT, "%-10s %5s %7s %9s %9s %9s %9s %9s %9s  %s%n", "split", "epoch", "samples",
                "accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc", "stored accuracy");
        for (Assembled a : assemble(predictions).values()) {
            boolean wanted = split.equals("all") || (split.equals("test") ? a.split() == Split.SPLIT_TEST
                    : a.split() == Split.SPLIT_VALIDATION);
            if (!wanted) {
                continue;
            }
            ClassificationReport m = ClassificationMetrics.evaluate(a.labels(), a.scores(), a.numClasses());
            EvaluationResult before = stored.get(a.split() + "/" + a.epoch());
            String splitName = a.split().name().substring("SPLIT_".length()).toLowerCase(Locale.ROOT);
            System.out.printf(Locale.ROOT, "%-10s %5d %7d %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f  %s%n", splitName,
                    a.epoch(), m.sampleCount(), m.accuracy(), m.precisionMacro(), m.recallMacro(), m.f1Macro(),
                    m.rocAucMacro(), m.prAucMacro(), before == null ? "none"
                            : String.format(Locale.ROOT, "%.4f%s", before.getAccuracy(),
                                    same(m, before) ? " (same)" : " (CHANGED)"));
            saved.add(new JsonObject().put("split", splitName).put("epoch", a.epoch()).put("samples", m.sampleCount())
                    .put("accuracy", m.accuracy()).put("precision_macro", m.precisionMacro())
                    .put("recall_macro", m.recallMacro()).put("f1_macro", m.f1Macro())
                    .put("roc_auc_ovr_macro", finiteOrNull(m.rocAucMacro())).put("pr_auc_macro", finiteOrNull(m.prAucMacro()))
                    .put("confusion", new JsonArray(java.util.Arrays.stream(m.confusion()).boxed().toList()))
                    .put("matches_stored", before == null ? null : same(m, before)));
        }
        Path file = output != null ? output : runDirectory();
        if (file != null) {
            try {
                Files.writeString(file, new JsonObject().put("run_id", runId).put("results", saved).encodePrettily() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
            System.out.println("saved in " + file);
        }
        return ExitCodes.OK;
    }

    /** {@code runs/<session>/<task>-<backend>/reevaluation.json} when that directory exists, else null. */
    private Path runDirectory() {
        String[] parts = runId.split("-");
        if (parts.length < 3) {
            return null;
        }
        String task = parts[parts.length - 2];
        String backend = parts[parts.length - 1];
        String session = runId.substring(0, runId.length() - task.length() - backend.length() - 2);
        Path dir = runs.dir.resolve(session).resolve(task + "-" + backend);
        return Files.isDirectory(dir) ? dir.resolve(FILE) : null;
    }

    /**
     * Joins each (split, epoch)'s chunks with the evaluator's own {@link PredictionAssembler}; splits whose
     * chunks are not all in Kafka are skipped with a message.
     */
    static Map<String, Assembled> assemble(List<Event> events) {
        PredictionAssembler assembler = new PredictionAssembler();
        Map<String, Assembled> out = new TreeMap<>();
        Map<String, Predictions> incomplete = new TreeMap<>();
        for (Event e : events) {
            Predictions p = e.getPredictions();
            String key = String.format(Locale.ROOT, "%d/%05d", p.getSplitValue(), p.getEpoch());
            incomplete.put(key, p);
            assembler.add(e).ifPresent(whole -> out.put(key, new Assembled(p.getSplit(), p.getEpoch(), whole.labels(),
                    whole.scores(), whole.numClasses())));
        }
        incomplete.keySet().removeAll(out.keySet());
        incomplete.values().forEach(p -> System.err.printf("skipping split %s of epoch %d: not all of its %d chunks "
                + "are in Kafka%n", p.getSplit(), p.getEpoch(), p.getChunkCount()));
        return out;
    }

    private static boolean same(ClassificationReport m, EvaluationResult r) {
        return close(m.accuracy(), r.getAccuracy()) && close(m.f1Macro(), r.getF1Macro())
                && close(m.rocAucMacro(), r.getRocAucMacro()) && close(m.prAucMacro(), r.getPrAucMacro());
    }

    private static boolean close(double a, double b) {
        return (Double.isNaN(a) && Double.isNaN(b)) || Math.abs(a - b) <= 1e-9;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
