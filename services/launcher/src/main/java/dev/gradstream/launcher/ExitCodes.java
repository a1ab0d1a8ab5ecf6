package dev.gradstream.launcher;

/** Exit codes of every gradstream command (also listed in README.md). */
public final class ExitCodes {

    /** The run completed. */
    public static final int OK = 0;
    /** The run failed while training (an exception, or it was stopped). */
    public static final int RUN_FAILED = 1;
    /** Bad input: usage, impossible hyperparameters, missing or corrupt data files. */
    public static final int BAD_INPUT = 2;
    /** The loss became NaN or infinite: the run ended as diverged. */
    public static final int DIVERGED = 3;
    /** Kafka could not be reached or an event could not be delivered. */
    public static final int BUS_ERROR = 4;

    /** The exit code of a command that trained {@code results}: the worst of their outcomes (OK when none). */
    static int of(java.util.List<RunResult> results) {
        int code = OK;
        for (RunResult r : results) {
            int c = switch (r.outcome().status()) {
                case COMPLETED -> OK;
                case DIVERGED -> DIVERGED;
                case FAILED -> RUN_FAILED;
            };
            code = Math.max(code, c);
        }
        return code;
    }

    private ExitCodes() {
    }
}
