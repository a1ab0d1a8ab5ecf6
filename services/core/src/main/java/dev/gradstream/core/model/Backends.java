package dev.gradstream.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds {@link Backend} plug-ins on the class path (META-INF/services) by name. */
public final class Backends {

    private Backends() {
    }

    /** Names of every backend on the class path, sorted. */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(Backend.class).forEach(b -> names.add(b.name()));
        names.sort(null);
        return names;
    }

    /** The backend called {@code name}; an error listing the available ones otherwise. */
    public static Backend byName(String name) {
        for (Backend backend : ServiceLoader.load(Backend.class)) {
            if (backend.name().equals(name)) {
                return backend;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; available: " + available());
    }
}
