package dev.gradstream.core.model;

/**
 * Checks a {@link ParameterSet} against a {@link ModelSpec}, and names its tensors, for every backend
 * alike (so that a mismatch reads the same whichever backend refused it).
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
        if (parameters == null) {
            throw new IllegalArgumentException("parameters are required for " + spec);
        }
        int expected = 2 * spec.layerCount();
        if (parameters.tensors().size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " tensors (weight and bias of "
                    + spec.layerCount() + " layers) for " + spec + ", got " + parameters.tensors().size());
        }
        for (int l = 0; l < spec.layerCount(); l++) {
            checkShape(parameters.weight(l), weightName(l), spec.fanIn(l), spec.fanOut(l), spec);
            checkShape(parameters.bias(l), biasName(l), 1, spec.fanOut(l), spec);
        }
    }

    private static void checkShape(Tensor tensor, String expectedName, int rows, int cols, ModelSpec spec) {
        if (tensor.rows() != rows || tensor.cols() != cols) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' (position " + expectedName
                    + ") has shape " + tensor.rows() + "x" + tensor.cols() + ", expected " + rows + "x" + cols
                    + " for " + spec);
        }
    }
}
