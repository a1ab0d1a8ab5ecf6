package dev.gradstream.launcher;

import dev.gradstream.report.SessionReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gradstream report SESSION_DIR}: (re)writes a session's report.html from its run directories. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the run report of a session: SESSION_DIR/report.html, one self-contained page with "
                + "the loss and accuracy curves of every backend, ROC and PR curves per class and macro, the "
                + "confusion matrices, the metrics and the gradient comparison. Opens offline.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the report was written", "2:not a session directory, or a malformed run file (named)"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SESSION_DIR",
            description = "Session directories, e.g. runs/20250101-120000-ab12 (the parent of <task>-<backend>/).")
    List<Path> sessions;

    @Override
    public Integer call() {
        for (Path session : sessions) {
            System.out.println("report: " + SessionReport.write(session));
        }
        return ExitCodes.OK;
    }

    /**
     * Writes the report at the end of {@code train}; a report that cannot be written is reported, never
     * fails the training that produced the runs.
     */
    static void writeAfterTraining(Path sessionDir, PrintStream out) {
        try {
            out.println("report: " + SessionReport.write(sessionDir));
        } catch (RuntimeException e) {
            out.println("report not written: " + (e.getMessage() == null ? e : e.getMessage()));
        }
    }
}
