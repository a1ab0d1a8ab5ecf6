package dev.gradstream.core.metrics;

import java.util.SplittableRandom;

/**
 * A random one-vs-rest ranking for tests: about one sample in four positive, always at least one positive
 * (sample 0) and one negative (sample 1) once there are two samples; {@code coarse} scores take 7 values from
 * -1.5 to 1.5 (many ties, 0 among them), the others are Gaussian.
 */
record RandomRanking(boolean[] positive, float[] score) {

    static RandomRanking of(SplittableRandom random, int n, boolean coarse) {
        boolean[] positive = new boolean[n];
        float[] score = new float[n];
        for (int i = 0; i < n; i++) {
            positive[i] = i == 0 || (i > 1 && random.nextInt(4) == 0);
            score[i] = coarse ? random.nextInt(7) / 2f - 1.5f : (float) random.nextGaussian();
        }
        return new RandomRanking(positive, score);
    }
}
