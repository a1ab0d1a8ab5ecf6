package dev.gradstream.core.data;

/**
 * Labelled samples held in memory: row-major {@code count x features} inputs scaled to [0, 1] and one
 * class index per sample.
 */
public record Samples(float[] x, int[] labels, int count, int features) {

    public Samples {
        if (labels.length != count || x.length != (long) count * features) {
            throw new IllegalArgumentException("samples: " + x.length + " values and " + labels.length
                    + " labels do not fit " + count + " x " + features);
        }
    }

    /** Copies the samples at {@code indices[from..from+n)} into {@code xOut} and {@code labelsOut}. */
    public void gather(int[] indices, int from, int n, float[] xOut, int[] labelsOut) {
        for (int i = 0; i < n; i++) {
            int src = indices[from + i];
            System.arraycopy(x, src * features, xOut, i * features, features);
            labelsOut[i] = labels[src];
        }
    }
}
