package dev.gradstream.core.training;

import dev.gradstream.core.model.Backend;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;

/**
 * Which of the assignment's two tasks a run trains, and how to build its model on a backend from the
 * run's hidden widths and seed, so that every backend starts from identical weights.
 */
public sealed interface TaskSpec permits TaskSpec.Classify, TaskSpec.Embed {

    /** "classify" or "embed". */
    String name();

    /** The initial parameters for these shapes, fully determined by {@code seed}. */
    ParameterSet initialParameters(int[] hidden, int features, int numClasses, Precision precision, long seed);

    /** A model on {@code backend} starting from {@code initial}. */
    Model create(Backend backend, int[] hidden, int features, int numClasses, Precision precision,
                 ParameterSet initial);

    /** A model on {@code backend} starting from the seeded initial parameters. */
    default Model create(Backend backend, int[] hidden, int features, int numClasses, Precision precision, long seed) {
        return create(backend, hidden, features, numClasses, precision,
                initialParameters(hidden, features, numClasses, precision, seed));
    }

    /** Part I: softmax classifier over {@code hidden} ReLU layers, cross-entropy loss. */
    record Classify() implements TaskSpec {

        @Override
        public String name() {
            return "classify";
        }

        private static ModelSpec spec(int[] hidden, int features, int numClasses, Precision precision) {
            return new ModelSpec(features, hidden, numClasses, precision);
        }

        @Override
        public ParameterSet initialParameters(int[] hidden, int features, int numClasses, Precision precision,
                                              long seed) {
            return KaimingInit.initialise(spec(hidden, features, numClasses, precision), seed);
        }

        @Override
        public Model create(Backend backend, int[] hidden, int features, int numClasses, Precision precision,
                            ParameterSet initial) {
            return backend.create(spec(hidden, features, numClasses, precision), initial);
        }
    }

    /**
     * Part II: image embeddings ({@code hidden} ReLU layers, then {@code embedDim}) matched by cosine to
     * the embeddings of the class names' word vectors.
     *
     * @param classVectors row-major {@code numClasses x wordDim}
     * @param source       where the word vectors came from (a file or the bundled set), for the record
     */
    record Embed(int[] wordHidden, int embedDim, int wordDim, float[] classVectors, boolean trainWordNet,
                 String source) implements TaskSpec {

        @Override
        public String name() {
            return "embed";
        }

        EmbeddingSpec spec(int[] hidden, int features, int numClasses, Precision precision) {
            return new EmbeddingSpec(features, hidden, wordDim, wordHidden, embedDim, numClasses, classVectors,
                    trainWordNet, precision);
        }

        @Override
        public ParameterSet initialParameters(int[] hidden, int features, int numClasses, Precision precision,
                                              long seed) {
            return KaimingInit.initialise(spec(hidden, features, numClasses, precision), seed);
        }

        @Override
        public Model create(Backend backend, int[] hidden, int features, int numClasses, Precision precision,
                            ParameterSet initial) {
            return backend.createEmbedding(spec(hidden, features, numClasses, precision), initial);
        }
    }
}
