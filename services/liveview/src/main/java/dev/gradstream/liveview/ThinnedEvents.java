package dev.gradstream.liveview;

import java.util.ArrayList;
import java.util.List;

/**
 * At most {@code capacity} events of one kind spread over a whole run: when full it keeps every second
 * event and from then on only every second arrival (then every fourth, ...), so a long run's curve keeps
 * its shape from the first step to the last at a coarser resolution. Not thread-safe.
 */
final class ThinnedEvents {

    private final int capacity;
    private final List<String> kept = new ArrayList<>();
    private long chars;
    private long arrived;
    private long stride = 1;

    ThinnedEvents(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Keeps or drops {@code encoded}; returns how many events this dropped (it or older ones). */
    int add(String encoded) {
        if (arrived++ % stride != 0) {
            return 1;
        }
        kept.add(encoded);
        chars += encoded.length();
        if (kept.size() > capacity) {
            int before = kept.size();
            for (int i = 1; i < before; i += 2) {
                chars -= kept.get(i).length();
            }
            for (int i = 1, j = 2; j < kept.size(); i++, j += 2) {
                kept.set(i, kept.get(j));
            }
            kept.subList((before + 1) / 2, before).clear();
            stride *= 2;
            return before - kept.size();
        }
        return 0;
    }

    List<String> events() {
        return kept;
    }

    /** Characters of the kept events. */
    long chars() {
        return chars;
    }
}
