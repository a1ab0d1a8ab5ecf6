package dev.gradstream.scratch;

import dev.gradstream.core.model.Backend;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;

/**
 * The from-scratch backend: hand-written forward and backward passes over plain Java arrays,
 * {@code float[]} (Vector API, two threads) for {@link Precision#FLOAT32} and {@code double[]} (plain
 * loops) for {@link Precision#FLOAT64}.
 */
public final class ScratchBackend implements Backend {

    public static final String NAME = "scratch";

    @Override
    public String name() {
        return NAME;
    }

    /** @throws IllegalArgumentException naming the tensor when {@code initial} does not fit {@code spec} */
    @Override
    public Model create(ModelSpec spec, ParameterSet initial) {
        return new ScratchModel<>(spec, initial, kernels(spec.precision()));
    }

    /** @throws IllegalArgumentException naming the tensor when {@code initial} does not fit {@code spec} */
    @Override
    public Model createEmbedding(EmbeddingSpec spec, ParameterSet initial) {
        return new ScratchEmbeddingModel<>(spec, initial, kernels(spec.precision()));
    }

    private static Kernels<?> kernels(Precision precision) {
        return precision == Precision.FLOAT32 ? new FloatKernels() : new DoubleKernels();
    }
}
