package dev.gradstream.core.model;

/**
 * A model's shape, Part I ({@link ModelSpec}) or Part II ({@link EmbeddingSpec}): what seeds its first weights
 * and what a {@link Backend} builds from it.
 */
public sealed interface NetworkSpec permits ModelSpec, EmbeddingSpec {

    /** Its dense networks in parameter order: the classifier; or the image net, then the word net. */
    java.util.List<ModelSpec> networks();

    /** A model of this shape on {@code backend}, starting from {@code initial} (zero momentum). */
    Model createOn(Backend backend, ParameterSet initial);
}
