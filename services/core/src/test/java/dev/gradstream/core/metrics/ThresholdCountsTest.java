package dev.gradstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThresholdCountsTest {

    @Test
    @DisplayName("a score shared by a positive and a negative is one point holding both")
    void mixedTie() {
        ThresholdCounts c = ThresholdCounts.of(new boolean[] {true, false, true, false}, new float[] {0.5f, 0.5f, 0.9f, 0.1f});
        assertThat(c.thresholds()).containsExactly(0.9f, 0.5f, 0.1f);
        assertThat(c.truePositives()).containsExactly(1, 2, 2);
        assertThat(c.falsePositives()).containsExactly(0, 1, 2);
    }

    @Test
    @DisplayName("constant scores are one point; no samples are no points")
    void constantAndEmpty() {
        ThresholdCounts c = ThresholdCounts.of(new boolean[] {false, true, false}, new float[] {0.2f, 0.2f, 0.2f});
        assertThat(c.thresholds()).containsExactly(0.2f);
        assertThat(c.truePositives()).containsExactly(1);
        assertThat(c.falsePositives()).containsExactly(2);
        ThresholdCounts none = ThresholdCounts.of(new boolean[0], new float[0]);
        assertThat(none.size()).isZero();
        assertThat(none.positives()).isZero();
        assertThat(none.negatives()).isZero();
    }

    @Test
    @DisplayName("-0.0 and 0.0 are one threshold, whichever side holds which")
    void signedZeros() {
        ThresholdCounts c = ThresholdCounts.of(new boolean[] {true, false, false, true}, new float[] {-0f, 0f, -0f, -1f});
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.truePositives()).containsExactly(1, 2);
        assertThat(c.falsePositives()).containsExactly(2, 2);
    }

    @Test
    @DisplayName("on random scores with many ties, each point counts the samples scored at or above its threshold")
    void matchesTheDefinition() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + random.nextInt(300);
            RandomRanking ranking = RandomRanking.of(random, n, trial % 2 == 0);
            boolean[] positive = ranking.positive();
            float[] score = ranking.score();
            TreeSet<Float> distinct = new TreeSet<>();
            for (float s : score) {
                distinct.add(s);
            }
            ThresholdCounts c = ThresholdCounts.of(positive, score);
            assertThat(c.size()).isEqualTo(distinct.size());
            int point = 0;
            for (float t : distinct.descendingSet()) {
                long tp = 0;
                long fp = 0;
                for (int i = 0; i < n; i++) {
                    if (score[i] >= t) {
                        tp += positive[i] ? 1 : 0;
                        fp += positive[i] ? 0 : 1;
                    }
                }
                assertThat(c.thresholds()[point]).isEqualTo(t);
                assertThat(c.truePositives()[point]).as("TP at %s", t).isEqualTo(tp);
                assertThat(c.falsePositives()[point]).as("FP at %s", t).isEqualTo(fp);
                point++;
            }
        }
    }

    @Test
    @DisplayName("a class of a row-major score matrix counts as its column with that class positive")
    void classColumnOfAMatrix() {
        int[] labels = {2, 0, 1, 2, 2, 0};
        float[] scores = {
            0.1f, 0.2f, 0.7f,
            0.6f, 0.3f, 0.1f,
            0.2f, 0.7f, 0.1f,
            0.3f, 0.3f, 0.4f,
            0.1f, 0.2f, 0.7f,
            0.4f, 0.2f, 0.4f};
        ThresholdCounts c = ThresholdCounts.ofClass(labels, scores, 3, 2);
        ThresholdCounts column = ThresholdCounts.of(new boolean[] {true, false, false, true, true, false},
                new float[] {0.7f, 0.1f, 0.1f, 0.4f, 0.7f, 0.4f});
        assertThat(c.thresholds()).containsExactly(0.7f, 0.4f, 0.1f).containsExactly(column.thresholds());
        assertThat(c.truePositives()).containsExactly(2, 3, 3).containsExactly(column.truePositives());
        assertThat(c.falsePositives()).containsExactly(0, 1, 3).containsExactly(column.falsePositives());
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> ThresholdCounts.of(new boolean[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 labels but 3 scores");
    }
}
