package dev.gradstream.monitor;

import dev.gradstream.bus.EventNames;
import dev.gradstream.events.v1.EventHeader;

/** The label values of an event's run: its backend and task as {@link EventNames} names them. */
final class EventLabels {

    private EventLabels() {
    }

    static String backend(EventHeader h) {
        return EventNames.backend(h.getBackend());
    }

    static String task(EventHeader h) {
        return EventNames.task(h.getTask());
    }

    static String split(dev.gradstream.events.v1.Split s) {
        return EventNames.split(s);
    }

    static String status(dev.gradstream.events.v1.RunStatus s) {
        return EventNames.status(s);
    }
}
