package dev.gradstream.core.training;

import dev.gradstream.core.model.Backend;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.NetworkSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;

/**
 * Which of the assignment's two tasks a run trains, and how to build its model on a backend from the
 * run's hidden widths and seed, so that every backend starts from identical weights.
 */
public sealed interface TaskSpec permits TaskSpec.Classify, TaskSpec.Embed {

    /** "classify" or "embed". */
    String name();

    /** The task names, in the order the default {@code train} runs them. */
    java.util.List<String> NAMES = java.util.List.of("classify", "embed");

    /**
     * A task's defaults, the one place they live: Part I 3 x 128 with lr 0.01; Part II an image net 512, 512 (to a
     * 32-d embedding) and a word net 32 with lr 0.1; both momentum 0.9, batch 64 (see {@link TrainingConfig}).
     */
    record Defaults(int[] hidden, double learningRate, int[] wordHidden, int embedDim) {
        public Defaults {
            hidden = hidden.clone();
            wordHidden = wordHidden.clone();
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }

        @Override
        public int[] wordHidden() {
            return wordHidden.clone();
        }
    }

    /** The defaults of the task named {@code name}; an unknown name is refused, naming the choices. */
    static Defaults defaults(String name) {
        return switch (name) {
            case "classify" -> new Defaults(new int[] {128, 128, 128}, 0.01, new int[0], 0);
            case "embed" -> new Defaults(new int[] {512, 512}, 0.1, new int[] {32}, 32);
            default -> throw new IllegalArgumentException("unknown task '" + name + "'; available: "
                    + String.join(", ", NAMES));
        };
    }

    /** The model's shape for these widths: {@code hidden} is the (image) network's hidden layers. */
    NetworkSpec spec(int[] hidden, int features, int numClasses, Precision precision);

    /** The initial parameters for these shapes, fully determined by {@code seed}. */
    default ParameterSet initialParameters(int[] hidden, int features, int numClasses, Precision precision,
                                           long seed) {
        return KaimingInit.initialise(spec(hidden, features, numClasses, precision), seed);
    }

    /** A model on {@code backend} starting from {@code initial}. */
    default Model create(Backend backend, int[] hidden, int features, int numClasses, Precision precision,
                         ParameterSet initial) {
        return spec(hidden, features, numClasses, precision).createOn(backend, initial);
    }

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

        @Override
        public ModelSpec spec(int[] hidden, int features, int numClasses, Precision precision) {
            return new ModelSpec(features, hidden, numClasses, precision);
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

        @Override
        public EmbeddingSpec spec(int[] hidden, int features, int numClasses, Precision precision) {
            return new EmbeddingSpec(features, hidden, wordDim, wordHidden, embedDim, numClasses, classVectors,
                    trainWordNet, precision);
        }
    }
}
