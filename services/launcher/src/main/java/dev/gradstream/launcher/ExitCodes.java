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

    private ExitCodes() {
    }
}
