package dev.gradstream.core.model;

/**
 * A named, row-major block of numbers: a layer's weights ({@code fanIn x fanOut}) or biases ({@code fanOut}).
 * Values are held as doubles so that float32 and float64 backends exchange them losslessly.
 *
 * @param name   e.g. "layer0.weight", "layer0.bias"
 * @param rows   first dimension (1 for a bias)
 * @param cols   second dimension
 * @param values {@code rows * cols} numbers, row-major
 */
public record Tensor(String name, int rows, int cols, double[] values) {

    public Tensor {
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    name + ": " + values.length + " values for shape " + rows + "x" + cols);
        }
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(name, rows, cols, values.clone());
    }
}
