package dev.gradstream.launcher;

import picocli.CommandLine.Option;

/** Partitions of the gradstream topics, for the commands that create them (serve, broker). */
final class PartitionsOption {

    @Option(names = "--partitions", defaultValue = "1",
            description = "Partitions of the gradstream topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;
}
