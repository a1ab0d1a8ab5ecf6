package dev.gradstream.scratch;

/**
 * A reusable {@code rows x width} buffer that grows to the largest batch seen, so that steady-state
 * training allocates nothing.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class Batch<A> {

    private final Kernels<A> kernels;
    private final int width;
    private A buffer;
    private int capacityRows;

    Batch(Kernels<A> kernels, int width) {
        this.kernels = kernels;
        this.width = width;
    }

    /**
     * Rows {@code fromRow .. fromRow + rows - 1} of the row-major input {@code x} in this buffer's
     * precision: this buffer filled with them, or {@code x} itself when no copy is needed.
     */
    A input(float[] x, int fromRow, int rows) {
        return kernels.input(x, fromRow * width, rows * width, forRows(rows));
    }

    /** A buffer holding at least {@code rows} rows; its contents are unspecified. */
    A forRows(int rows) {
        if (rows > capacityRows) {
            buffer = kernels.allocate(rows * width);
            capacityRows = rows;
        }
        return buffer;
    }
}
