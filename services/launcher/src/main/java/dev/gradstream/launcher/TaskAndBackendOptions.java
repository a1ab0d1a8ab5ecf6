package dev.gradstream.launcher;

import picocli.CommandLine.Option;

/**
 * The one task and the one backend of the commands whose runs are all of a kind (sweep, bench); train takes
 * lists of both and declares its own.
 */
final class TaskAndBackendOptions {

    @Option(names = "--task", defaultValue = "classify",
            description = "classify (Part I) or embed (Part II) (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--backend", defaultValue = "scratch",
            description = "Backend of every run: scratch or nd4j (default: ${DEFAULT-VALUE}).")
    String backend;
}
