package dev.gradstream.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The data set and the seed of the commands that train on it (train, sweep, compare-gradients). */
final class DataOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder: the assignment's .npy layout or an IDX layout such as Fashion-MNIST "
                    + "(default: the bundled 5-class QuickDraw subset).")
    Path data;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the data split, the weight initialisation and the batch order (default: "
                    + "${DEFAULT-VALUE}).")
    long seed;
}
