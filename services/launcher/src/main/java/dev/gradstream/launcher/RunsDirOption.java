package dev.gradstream.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The runs directory, where every command that writes or reads runs finds them. */
final class RunsDirOption {

    @Option(names = "--runs-dir", defaultValue = "runs", paramLabel = "DIR",
            description = "Runs directory: session, sweep and run directories live in it, and so does the "
                    + "in-process broker's log unless --kafka-dir moves it (default: ${DEFAULT-VALUE}).")
    Path dir;
}
