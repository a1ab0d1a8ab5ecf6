package dev.gradstream.core.model;

/**
 * A plug-in that builds {@link Model}s: one per engine (scratch, nd4j), found by name.
 */
public interface Backend {

    /** Short name used on the command line and in events: "scratch" or "nd4j". */
    String name();

    /** A new model of {@code spec} starting from {@code initial} parameters (zero momentum). */
    Model create(ModelSpec spec, ParameterSet initial);

    /**
     * A new Part II model (image and word MLPs, cosine loss) starting from {@code initial} parameters.
     *
     * @throws UnsupportedOperationException if this backend has no Part II implementation
     */
    default Model createEmbedding(EmbeddingSpec spec, ParameterSet initial) {
        throw new UnsupportedOperationException("backend '" + name() + "' cannot train the embed task");
    }
}
