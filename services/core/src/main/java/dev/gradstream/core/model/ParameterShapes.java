package dev.gradstream.core.model;

/**
 * Checks a {@link ParameterSet} (parameters or momentum buffers) against a {@link ModelSpec} or an
 * {@link EmbeddingSpec}, and names its tensors, for every backend alike (so that a mismatch reads the same
 * whichever backend refused it).
 */
public final class ParameterShapes {

    private ParameterShapes() {
    }

    public static String weightName(int layer) {
        return "layer" + layer + ".weight";
    }

    public static String biasName(int layer) {
        return "layer" + layer + ".bias";
    }

    /**
     * @throws IllegalArgumentException naming the first tensor whose shape differs from the spec, or
     *                                  the tensor count when it is wrong
     */
    public static void check(ModelSpec spec, ParameterSet parameters) {
        checkCount(parameters, spec.layerCount(), "weight and bias of " + spec.layerCount() + " layers", spec);
        checkLayers(parameters, 0, spec, spec.toString());
    }

    /**
     * Part II layout: the image layers, then the word layers (numbered on from the image layers).
     *
     * @throws IllegalArgumentException naming the first tensor whose shape differs from the spec (with the
     *                                  network it belongs to), or the tensor count when it is wrong
     */
    public static void check(EmbeddingSpec spec, ParameterSet parameters) {
        ModelSpec image = spec.imageNet();
        ModelSpec word = spec.wordNet();
        checkCount(parameters, spec.layerCount(), "weight and bias of " + image.layerCount()
                + " image layers, then " + word.layerCount() + " word layers", spec);
        checkLayers(parameters, 0, image, "image net " + image);
        checkLayers(parameters, image.layerCount(), word, "word net " + word);
    }

    private static void checkCount(ParameterSet parameters, int layers, String layout, Object spec) {
        if (parameters == null) {
            throw new IllegalArgumentException("parameters are required for " + spec);
        }
        int expected = 2 * layers;
        if (parameters.tensors().size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " tensors (" + layout + ") for " + spec
                    + ", got " + parameters.tensors().size());
        }
    }

    /** Layers {@code first ..} of {@code parameters} against the layers of {@code net}. */
    private static void checkLayers(ParameterSet parameters, int first, ModelSpec net, String network) {
        for (int l = 0; l < net.layerCount(); l++) {
            checkShape(parameters.weight(first + l), weightName(first + l), net.fanIn(l), net.fanOut(l), network);
            checkShape(parameters.bias(first + l), biasName(first + l), 1, net.fanOut(l), network);
        }
    }

    private static void checkShape(Tensor tensor, String position, int rows, int cols, String network) {
        if (tensor.rows() != rows || tensor.cols() != cols) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' (position " + position
                    + ") has shape " + tensor.rows() + "x" + tensor.cols() + ", expected " + rows + "x" + cols
                    + " for " + network);
        }
    }
}
