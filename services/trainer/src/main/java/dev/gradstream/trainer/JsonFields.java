package dev.gradstream.trainer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed fields of one JSON object read from a file: each getter returns the field or throws an
 * IllegalArgumentException naming the file and the field's path (e.g. {@code dataset.fingerprint}) with what
 * it expected and what it found.
 */
final class JsonFields {

    private final Path file;
    private final String prefix;
    private final JsonObject json;

    JsonFields(Path file, String prefix, JsonObject json) {
        this.file = file;
        this.prefix = prefix;
        this.json = json;
    }

    String text(String name) {
        return required(name, String.class, "a string");
    }

    /** The string, or null when the field is absent or null. */
    String optionalText(String name) {
        return json.getValue(name) == null ? null : text(name);
    }

    double number(String name) {
        return required(name, Number.class, "a number").doubleValue();
    }

    long whole(String name) {
        Number n = required(name, Number.class, "a whole number");
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
            throw bad(name, "a whole number", n);
        }
        return n.longValue();
    }

    int integer(String name) {
        long n = whole(name);
        if (n != (int) n) {
            throw bad(name, "a whole number in the int range", n);
        }
        return (int) n;
    }

    boolean bool(String name) {
        return required(name, Boolean.class, "true or false");
    }

    JsonFields object(String name) {
        return new JsonFields(file, prefix + name + ".", required(name, JsonObject.class, "an object"));
    }

    List<Integer> ints(String name) {
        return list(name, Integer.class, "an array of whole numbers");
    }

    List<String> texts(String name) {
        return list(name, String.class, "an array of strings");
    }

    private <T> List<T> list(String name, Class<T> type, String expected) {
        List<T> out = new ArrayList<>();
        for (Object v : required(name, JsonArray.class, expected)) {
            if (!type.isInstance(v)) {
                throw bad(name, expected, json.getValue(name));
            }
            out.add(type.cast(v));
        }
        return out;
    }

    /** An object of strings, in the file's order; empty when the field is absent. */
    Map<String, String> optionalStrings(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json.getValue(name) == null) {
            return out;
        }
        JsonFields inner = object(name);
        for (String key : inner.json.fieldNames()) {
            out.put(key, inner.text(key));
        }
        return out;
    }

    private <T> T required(String name, Class<T> type, String expected) {
        Object v = json.getValue(name);
        if (v == null) {
            throw new IllegalArgumentException(file + ": field '" + prefix + name + "' is missing (expected "
                    + expected + ")");
        }
        if (!type.isInstance(v)) {
            throw bad(name, expected, v);
        }
        return type.cast(v);
    }

    private IllegalArgumentException bad(String name, String expected, Object found) {
        return new IllegalArgumentException(file + ": field '" + prefix + name + "' must be " + expected + ", found "
                + (found instanceof String ? "\"" + found + "\"" : found));
    }
}
