package dev.gradstream.monitor;

import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import java.util.Locale;

/** The label values the monitor gives an event's enums, the same on /metrics and in remote write. */
final class EventLabels {

    private EventLabels() {
    }

    static String backend(EventHeader h) {
        return switch (h.getBackend()) {
            case BACKEND_SCRATCH -> "scratch";
            case BACKEND_ND4J -> "nd4j";
            default -> "unknown";
        };
    }

    static String task(EventHeader h) {
        return switch (h.getTask()) {
            case TASK_CLASSIFY -> "classify";
            case TASK_EMBED -> "embed";
            default -> "unknown";
        };
    }

    static String split(Split s) {
        return switch (s) {
            case SPLIT_TRAIN -> "train";
            case SPLIT_VALIDATION -> "validation";
            case SPLIT_TEST -> "test";
            default -> "unknown";
        };
    }

    /** completed, diverged, failed (or unspecified). */
    static String status(RunStatus s) {
        return s.name().replace("RUN_STATUS_", "").toLowerCase(Locale.ROOT);
    }
}
