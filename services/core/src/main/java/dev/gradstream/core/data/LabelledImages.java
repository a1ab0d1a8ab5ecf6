package dev.gradstream.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Images and their labels exactly as read from a pair of files, validated, before any split or scaling.
 * {@link #select} turns a subset into {@link Samples} scaled to [0, 1]: uint8 pixels divided by 255;
 * float32 pixels taken as they are when all lie in [0, 1], otherwise divided by 255 (when the file's maximum
 * exceeds 1 and all values lie in [0, 255]); the scale is decided per file.
 */
record LabelledImages(NumericArray images, String labelsSource, int[] labels, int features, boolean divideBy255) {

    /** Validates a pair: counts agree, images are {@code (N, rows, cols)} or {@code (N, features)}, labels are non-negative integers. */
    static LabelledImages of(NumericArray images, NumericArray labels) {
        String imagesSource = images.source();
        if (images.dtype() == NumericArray.Dtype.INT64) {
            throw new DataFormatException(imagesSource, "images have dtype <i8; expected |u1 (0..255) or <f4");
        }
        int[] shape = images.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new DataFormatException(imagesSource, "images have shape " + images.shapeText()
                    + "; expected (N, rows, cols) or (N, features)");
        }
        int count = shape[0];
        int features = shape.length == 3 ? Math.multiplyExact(shape[1], shape[2]) : shape[1];
        if (features == 0) {
            throw new DataFormatException(imagesSource, "images have shape " + images.shapeText() + ": 0 features");
        }
        if (labels.dtype() == NumericArray.Dtype.FLOAT32) {
            throw new DataFormatException(labels.source(), "labels have dtype <f4; expected integers (|u1 or <i8)");
        }
        if (labels.shape().length != 1) {
            throw new DataFormatException(labels.source(), "labels have shape " + labels.shapeText() + "; expected (N,)");
        }
        if (labels.shape()[0] != count) {
            throw new DataFormatException(imagesSource, count + " images but " + labels.shape()[0] + " labels in "
                    + labels.source());
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            long v = labels.integerAt(i);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new DataFormatException(labels.source(), "label " + v + " at index " + i + " is "
                        + (v < 0 ? "negative" : "absurd"));
            }
            values[i] = (int) v;
        }
        return new LabelledImages(images, labels.source(), values, features, needsDivision(images));
    }

    private static boolean needsDivision(NumericArray images) {
        if (images.dtype() == NumericArray.Dtype.UINT8) {
            return true;
        }
        float[] x = images.float32();
        float max = 0;
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (Float.isNaN(v) || v < 0 || v > 255) {
                throw new DataFormatException(images.source(), "pixel " + v + " at flat index " + i
                        + " (image " + i / (x.length / images.shape()[0]) + ") is not a number in [0, 255]");
            }
            max = Math.max(max, v);
        }
        return max > 1;
    }

    int count() {
        return labels.length;
    }

    /** The largest label, or -1 when there are no samples. */
    int maxLabel() {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max;
    }

    /** Fails unless every label lies in {@code 0..names.size()-1}. */
    void checkLabels(List<String> names) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= names.size()) {
                throw new DataFormatException(labelsSource, "label " + labels[i] + " at index " + i + " is outside 0.."
                        + (names.size() - 1) + " (" + names.size() + " class names)");
            }
        }
    }

    /** The samples at {@code indices}, in that order, scaled to [0, 1]. */
    Samples select(int[] indices) {
        float[] x = new float[Math.multiplyExact(indices.length, features)];
        for (int r = 0; r < indices.length; r++) {
            int src = indices[r] * features;
            int dst = r * features;
            if (images.dtype() == NumericArray.Dtype.UINT8) {
                byte[] data = images.uint8();
                for (int j = 0; j < features; j++) {
                    x[dst + j] = (data[src + j] & 0xff) / 255f;
                }
            } else if (divideBy255) {
                float[] data = images.float32();
                for (int j = 0; j < features; j++) {
                    x[dst + j] = data[src + j] / 255f;
                }
            } else {
                System.arraycopy(images.float32(), src, x, dst, features);
            }
        }
        int[] y = new int[indices.length];
        for (int r = 0; r < indices.length; r++) {
            y[r] = labels[indices[r]];
        }
        return new Samples(x, y, indices.length, features);
    }

    /**
     * Feeds the digest: {@code "images <descr> <shape>\n"}, the image bytes as stored (float32 little-endian),
     * {@code "labels <count>\n"}, then each label as an int64 little-endian. An IDX file and a .npy file holding
     * the same uint8 pixels and label values therefore give the same fingerprint.
     */
    void digest(MessageDigest md) {
        md.update(("images " + images.dtype().descr() + " " + images.shapeText() + "\n").getBytes(StandardCharsets.US_ASCII));
        if (images.dtype() == NumericArray.Dtype.UINT8) {
            md.update(images.uint8());
        } else {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : images.float32()) {
                if (!buffer.hasRemaining()) {
                    md.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putFloat(v);
            }
            md.update(buffer.flip());
        }
        md.update(("labels " + labels.length + "\n").getBytes(StandardCharsets.US_ASCII));
        ByteBuffer buffer = ByteBuffer.allocate(8 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : labels) {
            if (!buffer.hasRemaining()) {
                md.update(buffer.flip());
                buffer.clear();
            }
            buffer.putLong(label);
        }
        md.update(buffer.flip());
    }
}
