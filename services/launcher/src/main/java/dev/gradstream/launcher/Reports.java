package dev.gradstream.launcher;

import dev.gradstream.events.v1.EvaluationResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Console tables of finished runs. */
final class Reports {

    private Reports() {
    }

    /** The test metrics of each run's best epoch, one row per backend. */
    static void printTestTable(PrintStream out, List<RunResult> results) {
        out.println();
        out.println("test metrics of the best epoch (evaluator, scikit-learn definitions, macro averages):");
        out.printf(Locale.ROOT, "%-8s %-8s %5s %9s %9s %9s %9s %9s %9s  %s%n", "task", "backend", "epoch", "accuracy",
                "precision", "recall", "f1", "roc_auc", "pr_auc", "run directory");
        for (RunResult r : results) {
            EvaluationResult t = r.test();
            if (t == null) {
                out.printf(Locale.ROOT, "%-8s %-8s %5s %s  %s%n", r.task(), r.backend(), "-", r.outcome().reason(),
                        r.runDir());
                continue;
            }
            out.printf(Locale.ROOT, "%-8s %-8s %5d %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f  %s%n", r.task(), r.backend(),
                    t.getEpoch(),
                    t.getAccuracy(), t.getPrecisionMacro(), t.getRecallMacro(), t.getF1Macro(), t.getRocAucMacro(),
                    t.getPrAucMacro(), r.runDir());
        }
    }
}
