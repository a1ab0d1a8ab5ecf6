package dev.gradstream.launcher;

import picocli.CommandLine.Option;

/** The mini-batch size of the commands that train one configuration (train, bench, compare-gradients). */
final class BatchSizeOption {

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;
}
