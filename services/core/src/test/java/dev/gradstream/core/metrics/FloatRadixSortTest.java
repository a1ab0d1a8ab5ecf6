package dev.gradstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FloatRadixSortTest {

    /** {@code values} sorted by the JDK, with -0.0 written as 0.0 (the radix sort does not order the two). */
    private static float[] jdkSorted(float[] values) {
        float[] out = values.clone();
        Arrays.sort(out);
        return withoutNegativeZero(out);
    }

    private static float[] withoutNegativeZero(float[] values) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] == 0f ? 0f : out[i];
        }
        return out;
    }

    private static float[] radixSorted(float[] values) {
        float[] out = values.clone();
        FloatRadixSort.sort(out);
        return out;
    }

    @Test
    @DisplayName("sorts floats of every sign and magnitude as Arrays.sort does")
    void matchesArraysSort() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 2, 3, 100, 10_000}) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                float v = Float.intBitsToFloat(random.nextInt()); // any bit pattern: subnormals, infinities
                values[i] = Float.isNaN(v) ? -0f : v;
            }
            assertThat(withoutNegativeZero(radixSorted(values))).as("n = " + n).containsExactly(jdkSorted(values));
        }
    }

    @Test
    @DisplayName("sorts softmax-like scores with ties, where the top digit is shared and its pass skipped")
    void tiesAndSkippedPasses() {
        SplittableRandom random = new SplittableRandom(4);
        float[] probabilities = new float[2_000];
        float[] sameExponent = new float[2_000];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = random.nextInt(4) == 0 ? 1f : random.nextInt(300) / 300f;
            sameExponent[i] = 1f + random.nextInt(1 << 20) / (float) (1 << 23); // all in [1, 1.125): one top digit
        }
        assertThat(radixSorted(probabilities)).containsExactly(jdkSorted(probabilities));
        assertThat(radixSorted(sameExponent)).containsExactly(jdkSorted(sameExponent));
        float[] constant = new float[50];
        Arrays.fill(constant, 0.25f);
        assertThat(radixSorted(constant)).containsOnly(0.25f);
    }

    @Test
    @DisplayName("keys order floats as unsigned ints, and -0.0 has the key of 0.0")
    void keysPreserveOrder() {
        float[] ascending = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_NORMAL, -Float.MIN_VALUE, 0f,
            Float.MIN_VALUE, Float.MIN_NORMAL, 0.5f, Math.nextUp(0.5f), 1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
        for (int i = 1; i < ascending.length; i++) {
            assertThat(Integer.compareUnsigned(FloatRadixSort.key(ascending[i - 1]), FloatRadixSort.key(ascending[i])))
                    .as(ascending[i - 1] + " < " + ascending[i]).isNegative();
        }
        assertThat(FloatRadixSort.key(-0f)).isEqualTo(FloatRadixSort.key(0f));
    }
}
