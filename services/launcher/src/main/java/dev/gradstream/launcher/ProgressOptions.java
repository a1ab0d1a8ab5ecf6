package dev.gradstream.launcher;

import java.io.PrintStream;
import picocli.CommandLine.Option;

/** Whether a command that trains prints a line per epoch (train, resume). */
final class ProgressOptions {

    @Option(names = "--quiet", description = "No per-epoch lines.")
    boolean quiet;

    /** Where the per-epoch lines go: standard output, or null with --quiet. */
    PrintStream progress() {
        return quiet ? null : System.out;
    }
}
