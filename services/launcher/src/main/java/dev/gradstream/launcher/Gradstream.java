package dev.gradstream.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line entry point: {@code gradstream <command> [options]}. */
@Command(name = "gradstream", mixinStandardHelpOptions = true, version = "gradstream 0.1.0",
        description = "Trains MLPs from scratch and on a library backend, and streams every step through Kafka.",
        subcommands = {TrainCommand.class, ResumeCommand.class, CompareGradientsCommand.class, ServeCommand.class, BenchCommand.class, SweepCommand.class, SweepWorkerCommand.class,
            EvaluateCommand.class, ReplayCommand.class, ReportCommand.class, BrokerCommand.class, TopicsCommand.class, LoadgenCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed",
            "1:the run failed while training",
            "2:bad input (usage, hyperparameters, data files)",
            "3:the loss became NaN or infinite (diverged)",
            "4:Kafka unreachable or an event not delivered"})
public final class Gradstream implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // SLF4J set up on this thread before any other logs: when the broker's and the comparison's threads
        // were first, SLF4J printed a three-line "replay" warning in the middle of the broker's start-up line.
        org.slf4j.LoggerFactory.getILoggerFactory();
        dev.gradstream.nd4j.LibraryChatterFilter.install();
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (no System.exit: tests call this). */
    public static int run(String... args) {
        return new CommandLine(new Gradstream())
                .setExitCodeExceptionMapper(Gradstream::exitCodeFor)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("gradstream: " + describe(e));
                    return exitCodeFor(e);
                })
                .execute(args);
    }

    /**
     * The exit code of a failure: Kafka unreachable or an event not delivered (any Kafka client error
     * other than a refused setting) is 4; a refused Kafka setting ({@code KafkaSettingException}, an
     * IllegalArgumentException naming the setting) is bad input, 2, as is an option value of the wrong type.
     */
    static int exitCodeFor(Throwable e) {
        if (e instanceof dev.gradstream.bus.BusException || e instanceof org.apache.kafka.common.KafkaException) {
            return ExitCodes.BUS_ERROR;
        }
        if (e instanceof picocli.CommandLine.ParameterException // an option value picocli cannot convert
                || e instanceof IllegalArgumentException || e instanceof dev.gradstream.core.data.DataFormatException
                || e instanceof java.io.UncheckedIOException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.RUN_FAILED;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
