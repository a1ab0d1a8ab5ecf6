package dev.gradstream.bus;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import java.util.Locale;

/**
 * The one mapping between the v1 event enums and the lower-case names used on the command line, in run
 * directories, in metric labels and in tables: {@code BACKEND_SCRATCH} is "scratch", {@code TASK_EMBED} "embed",
 * {@code SPLIT_VALIDATION} "validation", {@code RUN_STATUS_DIVERGED} "diverged". The mapping is the enum's
 * name without its prefix, so a new backend needs only its enum value and its plug-in, no edit here.
 */
public final class EventNames {

    private EventNames() {
    }

    public static String backend(Backend b) {
        return name(b.name(), "BACKEND_");
    }

    public static String task(Task t) {
        return name(t.name(), "TASK_");
    }

    public static String split(Split s) {
        return name(s.name(), "SPLIT_");
    }

    public static String status(RunStatus s) {
        return name(s.name(), "RUN_STATUS_");
    }

    /** The enum of a backend name; an unknown name is refused, naming it. */
    public static Backend backend(String name) {
        return parse(Backend.class, "BACKEND_", name, "backend");
    }

    /** The enum of a task name (classify, embed); an unknown name is refused, naming it. */
    public static Task task(String name) {
        return parse(Task.class, "TASK_", name, "task");
    }

    private static String name(String constant, String prefix) {
        return constant.startsWith(prefix) ? constant.substring(prefix.length()).toLowerCase(Locale.ROOT)
                : constant.toLowerCase(Locale.ROOT); // UNRECOGNIZED: a value from a newer schema
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String prefix, String name, String what) {
        try {
            E value = Enum.valueOf(type, prefix + name.toUpperCase(Locale.ROOT));
            if (!value.name().endsWith("_UNSPECIFIED")) {
                return value;
            }
        } catch (IllegalArgumentException unknown) {
            // refused below
        }
        throw new IllegalArgumentException("no event enum for " + what + " '" + name + "'");
    }
}
