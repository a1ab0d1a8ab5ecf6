package dev.gradstream.launcher;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicReader;
import dev.gradstream.events.v1.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** A run's stored events, read with {@link TopicReader} and put in order. */
final class StoredEvents {

    private StoredEvents() {
    }

    /** The matching events, ordered by run id, then by each run's sequence number. */
    static List<Event> read(KafkaClients clients, Collection<String> topics, Predicate<String> key) {
        List<Event> events = new ArrayList<>();
        TopicReader.read(clients, topics, key, events::add);
        events.sort(Comparator.comparing((Event e) -> e.getHeader().getRunId())
                .thenComparingLong(e -> e.getHeader().getSequence()));
        return events;
    }
}
