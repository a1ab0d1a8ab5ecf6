package dev.gradstream.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The embed task's word side: which word vectors, and whether its word MLP trains (train, sweep). */
final class WordNetOptions {

    @Option(names = "--glove", paramLabel = "FILE",
            description = "GloVe text file for the class names' word vectors (embed; default: the bundled "
                    + "glove.6B.100d vectors of the class words).")
    Path glove;

    @Option(names = "--train-word-net",
            description = "Train the word MLP too (embed; default: frozen at its random initialisation).")
    boolean trainWordNet;
}
