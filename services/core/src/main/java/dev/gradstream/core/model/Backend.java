package dev.gradstream.core.model;

/**
 * A plug-in that builds {@link Model}s: one per engine (scratch, nd4j), found by name.
 */
public interface Backend {

    /** Short name used on the command line and in events: "scratch" or "nd4j". */
    String name();

    /** A new model of {@code spec} starting from {@code initial} parameters (zero momentum). */
    Model create(ModelSpec spec, ParameterSet initial);
}
