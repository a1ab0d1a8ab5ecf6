package dev.gradstream.launcher;

import dev.gradstream.core.training.TaskSpec;
import picocli.CommandLine.Option;

/** The hidden layer widths of one architecture (train, compare-gradients); unset, each task's own. */
final class HiddenOption {

    @Option(names = "--hidden", split = ",",
            description = "Hidden layer widths of the (image) MLP (default: 128,128,128 for classify, 512,512 for embed).")
    int[] hidden;

    /** The widths given, else those of {@code task}. */
    int[] widthsFor(TaskSpec.Defaults task) {
        return hidden != null ? hidden : task.hidden();
    }
}
