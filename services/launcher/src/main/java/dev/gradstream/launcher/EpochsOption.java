package dev.gradstream.launcher;

import picocli.CommandLine.Option;

/**
 * Epochs per run (train, sweep, loadgen). Each command names its own default when it creates the mixin
 * ({@code @Mixin EpochsOption epochs = new EpochsOption(30)}): picocli takes the field's initial value as the
 * default and shows it in the help.
 */
final class EpochsOption {

    @Option(names = "--epochs", paramLabel = "<epochs>", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int count;

    EpochsOption(int byDefault) {
        count = byDefault;
    }
}
