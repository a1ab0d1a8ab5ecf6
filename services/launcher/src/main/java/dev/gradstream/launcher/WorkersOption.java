package dev.gradstream.launcher;

import picocli.CommandLine.Option;

/** How many sweep workers run in this process (sweep, sweep-worker); each command checks its own lower bound. */
final class WorkersOption {

    @Option(names = "--workers", defaultValue = "1", paramLabel = "<workers>",
            description = "Sweep workers in this process, each training one job at a time; for sweep, 0 leaves "
                    + "the jobs to sweep-worker processes (default: ${DEFAULT-VALUE}).")
    int count;
}
