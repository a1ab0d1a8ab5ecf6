package dev.gradstream.core.data;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An n-dimensional array as read from a data file, C (row-major) order: its shape and exactly one of
 * {@code uint8} (bytes, read unsigned as {@code b & 0xff}), {@code int64} or {@code float32} non-null,
 * as {@link #dtype()} says.
 *
 * @param source the file (or resource) it was read from, for error messages
 */
public record NumericArray(String source, Dtype dtype, int[] shape, byte[] uint8, long[] int64, float[] float32) {

    /** The element types the readers support. */
    public enum Dtype {
        UINT8("|u1"), INT64("<i8"), FLOAT32("<f4");

        private final String descr;

        Dtype(String descr) {
            this.descr = descr;
        }

        /** The NumPy type string, e.g. {@code "<f4"}. */
        public String descr() {
            return descr;
        }
    }

    public NumericArray {
        shape = shape.clone();
        long expected = 1;
        for (int d : shape) {
            expected *= d;
        }
        int present = (uint8 != null ? 1 : 0) + (int64 != null ? 1 : 0) + (float32 != null ? 1 : 0);
        long length = switch (dtype) {
            case UINT8 -> uint8 == null ? -1 : uint8.length;
            case INT64 -> int64 == null ? -1 : int64.length;
            case FLOAT32 -> float32 == null ? -1 : float32.length;
        };
        if (present != 1 || length != expected) {
            throw new IllegalArgumentException(source + ": " + dtype + " data of length " + length
                    + " does not fit shape " + shapeText(shape));
        }
    }

    public static NumericArray ofUint8(String source, int[] shape, byte[] data) {
        return new NumericArray(source, Dtype.UINT8, shape, data, null, null);
    }

    public static NumericArray ofInt64(String source, int[] shape, long[] data) {
        return new NumericArray(source, Dtype.INT64, shape, null, data, null);
    }

    public static NumericArray ofFloat32(String source, int[] shape, float[] data) {
        return new NumericArray(source, Dtype.FLOAT32, shape, null, null, data);
    }

    /** The number of elements (product of the shape). */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape as NumPy prints it, e.g. {@code (5000, 28, 28)}. */
    public String shapeText() {
        return shapeText(shape);
    }

    /** Element {@code i} as a long; for integer dtypes only. */
    public long integerAt(int i) {
        return switch (dtype) {
            case UINT8 -> uint8[i] & 0xff;
            case INT64 -> int64[i];
            case FLOAT32 -> throw new DataFormatException(source, "dtype " + dtype.descr() + " is not an integer type");
        };
    }

    static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
