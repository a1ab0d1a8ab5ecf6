package dev.gradstream.trainer;

import dev.gradstream.core.training.Split;
import dev.gradstream.events.v1.Backend;

/** Maps core names to the v1 event enums. */
public final class EventEnums {

    private EventEnums() {
    }

    public static dev.gradstream.events.v1.Split split(Split split) {
        return switch (split) {
            case TRAIN -> dev.gradstream.events.v1.Split.SPLIT_TRAIN;
            case VALIDATION -> dev.gradstream.events.v1.Split.SPLIT_VALIDATION;
            case TEST -> dev.gradstream.events.v1.Split.SPLIT_TEST;
        };
    }

    /** The event enum of a task. */
    public static dev.gradstream.events.v1.Task task(dev.gradstream.core.training.TaskSpec task) {
        return task instanceof dev.gradstream.core.training.TaskSpec.Embed
                ? dev.gradstream.events.v1.Task.TASK_EMBED : dev.gradstream.events.v1.Task.TASK_CLASSIFY;
    }

    /** The event enum for a backend name ("scratch", "nd4j"). */
    public static Backend backend(String name) {
        return dev.gradstream.bus.EventNames.backend(name);
    }
}
