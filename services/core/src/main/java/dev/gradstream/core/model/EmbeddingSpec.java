package dev.gradstream.core.model;

import java.util.Arrays;

/**
 * The shape of a Part II model: an image MLP {@code inputSize -> imageHidden... -> embedDim} (ReLU
 * between layers, linear output) and a word MLP {@code wordDim -> wordHidden... -> embedDim} (same)
 * applied to each class's word vector. The loss of a sample is {@code 1 - cos(u, e_y)} where u is the
 * image embedding and e_y the embedding of its true class; its scores are {@code cos(u, e_k)} for every
 * class k, and the prediction is the most similar class.
 *
 * <p>Parameter layout ({@link ParameterSet}): the image layers (weight, bias) first, then the word
 * layers. When {@code trainWordNet} is false the word layers are frozen: their gradients are reported as
 * zeros and the optimizer leaves them untouched.
 *
 * @param classVectors row-major {@code numClasses x wordDim} word vectors of the class names
 */
public record EmbeddingSpec(int inputSize, int[] imageHidden, int wordDim, int[] wordHidden, int embedDim,
                            int numClasses, float[] classVectors, boolean trainWordNet, Precision precision) implements NetworkSpec {

    @Override
    public java.util.List<ModelSpec> networks() {
        return java.util.List.of(imageNet(), wordNet());
    }

    @Override
    public Model createOn(Backend backend, ParameterSet initial) {
        return backend.createEmbedding(this, initial);
    }

    public EmbeddingSpec {
        imageHidden = imageHidden.clone();
        wordHidden = wordHidden.clone();
        classVectors = classVectors.clone();
        if (inputSize <= 0 || wordDim <= 0 || embedDim <= 0) {
            throw new IllegalArgumentException("input, word and embedding sizes must be positive, got "
                    + inputSize + ", " + wordDim + ", " + embedDim);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        if (classVectors.length != numClasses * wordDim) {
            throw new IllegalArgumentException(classVectors.length + " class vector values for " + numClasses
                    + " classes x " + wordDim + " dimensions");
        }
        ModelSpec.checkWidths("image hidden layer", imageHidden);
        ModelSpec.checkWidths("word hidden layer", wordHidden);
        if (precision == null) {
            throw new IllegalArgumentException("precision is required");
        }
    }

    /** The image MLP alone, as a {@link ModelSpec} whose output is the embedding. */
    public ModelSpec imageNet() {
        return new ModelSpec(inputSize, imageHidden, embedDim, precision);
    }

    /** The word MLP alone, as a {@link ModelSpec} whose output is the embedding. */
    public ModelSpec wordNet() {
        return new ModelSpec(wordDim, wordHidden, embedDim, precision);
    }

    /** Dense layers of both networks: image first, then word. */
    public int layerCount() {
        return imageHidden.length + 1 + wordHidden.length + 1;
    }

    @Override
    public int[] imageHidden() {
        return imageHidden.clone();
    }

    @Override
    public int[] wordHidden() {
        return wordHidden.clone();
    }

    @Override
    public float[] classVectors() {
        return classVectors.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingSpec s && s.inputSize == inputSize && Arrays.equals(s.imageHidden, imageHidden)
                && s.wordDim == wordDim && Arrays.equals(s.wordHidden, wordHidden) && s.embedDim == embedDim
                && s.numClasses == numClasses && Arrays.equals(s.classVectors, classVectors)
                && s.trainWordNet == trainWordNet && s.precision == precision;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(imageHidden) * 31 + Arrays.hashCode(wordHidden) * 17 + embedDim;
    }

    @Override
    public String toString() {
        return "image " + imageNet() + ", word " + wordNet() + (trainWordNet ? " (trained)" : " (frozen)");
    }
}
