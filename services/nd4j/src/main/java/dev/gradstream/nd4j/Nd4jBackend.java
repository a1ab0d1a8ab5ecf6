package dev.gradstream.nd4j;

import dev.gradstream.core.model.Backend;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;

/**
 * The library backend: the Part I classifier and the Part II embedding model as ND4J SameDiff graphs whose
 * gradients come from SameDiff's automatic differentiation. Found by {@link dev.gradstream.core.model.Backends} under the name
 * "nd4j" (META-INF/services).
 *
 * <p>The first model created in a JVM loads ND4J's native libraries, which javacpp unpacks into
 * javacpp's cache on first use (about 400 MB, a few seconds; {@code ./gradstream} and the tests put it
 * in {@code ~/.cache/gradstream/javacpp}). Native thread pools are capped by {@link Nd4jThreads}.
 */
public final class Nd4jBackend implements Backend {

    public static final String NAME = "nd4j";

    @Override
    public String name() {
        return NAME;
    }

    /** @throws IllegalArgumentException naming the tensor when {@code initial} does not fit {@code spec} */
    @Override
    public Model create(ModelSpec spec, ParameterSet initial) {
        prepare();
        return new Nd4jModel(spec, initial);
    }

    /** @throws IllegalArgumentException naming the tensor when {@code initial} does not fit {@code spec} */
    @Override
    public Model createEmbedding(EmbeddingSpec spec, ParameterSet initial) {
        prepare();
        return new Nd4jModel(spec, initial);
    }

    /** The thread cap, and SameDiff's chatter kept out of the log, before any graph is built. */
    private static void prepare() {
        Nd4jThreads.applyConfigured();
        LibraryChatterFilter.install();
    }
}
