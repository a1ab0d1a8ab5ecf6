package dev.gradstream.core.model;

/** Floating-point width a backend computes in. */
public enum Precision {
    FLOAT32,
    FLOAT64;

    /** Parses "float32" or "float64" (case-insensitive); anything else is an error naming the value. */
    public static Precision parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "float32", "f32" -> FLOAT32;
            case "float64", "f64" -> FLOAT64;
            default -> throw new IllegalArgumentException(
                    "precision must be float32 or float64, got '" + text + "'");
        };
    }

    /** The lower-case name used in configs and events: "float32" or "float64". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
