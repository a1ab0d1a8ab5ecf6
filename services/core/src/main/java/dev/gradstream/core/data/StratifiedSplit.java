package dev.gradstream.core.data;

import java.util.SplittableRandom;

/**
 * A seeded, stratified split of sample indices into a kept part and a held-out part.
 *
 * <p>Per class, in class order, the class's indices are Fisher-Yates shuffled and the first
 * {@code Math.round(fraction * classCount)} are held out. Then each part's order is shuffled too, so
 * classes are interleaved. All randomness comes from the one {@link SplittableRandom} passed in, consumed in
 * a fixed order: the same seed gives the same split on every JVM.
 */
public final class StratifiedSplit {

    /** The two parts; disjoint, and together exactly the candidates. */
    public record Parts(int[] kept, int[] heldOut) {
    }

    private StratifiedSplit() {
    }

    /**
     * Splits {@code candidates} (indices into {@code labels}) so that every class holds out
     * {@code round(heldOutFraction * its count)} of its samples.
     */
    public static Parts split(int[] labels, int[] candidates, int numClasses, double heldOutFraction,
                              SplittableRandom random) {
        if (!(heldOutFraction >= 0 && heldOutFraction <= 1)) {
            throw new IllegalArgumentException("held-out fraction " + heldOutFraction + " is outside [0, 1]");
        }
        int[] perClass = new int[numClasses];
        for (int i : candidates) {
            perClass[labels[i]]++;
        }
        int[][] byClass = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            byClass[c] = new int[perClass[c]];
        }
        int[] fill = new int[numClasses];
        for (int i : candidates) {
            byClass[labels[i]][fill[labels[i]]++] = i;
        }
        int heldOutTotal = 0;
        int[] heldOutPerClass = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            heldOutPerClass[c] = (int) Math.round(heldOutFraction * perClass[c]);
            heldOutTotal += heldOutPerClass[c];
        }
        int[] kept = new int[candidates.length - heldOutTotal];
        int[] heldOut = new int[heldOutTotal];
        int k = 0;
        int h = 0;
        for (int c = 0; c < numClasses; c++) {
            int[] members = byClass[c];
            shuffle(members, random);
            System.arraycopy(members, 0, heldOut, h, heldOutPerClass[c]);
            h += heldOutPerClass[c];
            System.arraycopy(members, heldOutPerClass[c], kept, k, members.length - heldOutPerClass[c]);
            k += members.length - heldOutPerClass[c];
        }
        shuffle(kept, random);
        shuffle(heldOut, random);
        return new Parts(kept, heldOut);
    }

    /** Fisher-Yates, in place. */
    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
