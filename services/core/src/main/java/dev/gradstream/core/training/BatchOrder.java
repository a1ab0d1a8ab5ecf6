package dev.gradstream.core.training;

import java.util.SplittableRandom;

/**
 * The order in which a run visits its training samples: a fresh seeded Fisher-Yates shuffle of the
 * previous order at the start of every epoch. Every backend trained with the same seed sees the same
 * mini-batches in the same order.
 */
public final class BatchOrder {

    private final int[] order;
    private final SplittableRandom random;

    public BatchOrder(int samples, long seed) {
        order = new int[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = i;
        }
        random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** Shuffles for the next epoch and returns the order (the same array, valid until the next call). */
    public int[] nextEpoch() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
