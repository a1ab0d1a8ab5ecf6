package dev.gradstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link RankingMetrics#classCurve}: the curves and areas {@link ClassificationMetrics#evaluate} reports per class. */
class ClassCurveTest {

    private static ClassCurve curve(boolean[] positive, float[] score) {
        return RankingMetrics.classCurve(0, ThresholdCounts.of(positive, score));
    }

    @Test
    @DisplayName("every curve point is its count over P or N, and the areas are the public functions' values")
    void pointsAndAreas() {
        SplittableRandom random = new SplittableRandom(23);
        for (int trial = 0; trial < 30; trial++) {
            RandomRanking ranking = RandomRanking.of(random, 2 + random.nextInt(500), trial % 2 == 0);
            boolean[] positive = ranking.positive();
            float[] score = ranking.score();
            ThresholdCounts counts = ThresholdCounts.of(positive, score);
            ClassCurve c = curve(positive, score);
            int m = counts.size();
            double p = counts.positives();
            double negatives = counts.negatives();
            assertThat(c.fpr()).hasSize(m + 1);
            assertThat(c.fpr()[0]).isZero();
            assertThat(c.tpr()[0]).isZero();
            for (int i = 0; i < m; i++) {
                assertThat(c.fpr()[i + 1]).isEqualTo(counts.falsePositives()[i] / negatives);
                assertThat(c.tpr()[i + 1]).isEqualTo(counts.truePositives()[i] / p);
                long tp = counts.truePositives()[i];
                assertThat(c.recall()[m - 1 - i]).isEqualTo(tp / p);
                assertThat(c.precision()[m - 1 - i]).isEqualTo((double) tp / (tp + counts.falsePositives()[i]));
            }
            assertThat(c.recall()[m]).isZero();
            assertThat(c.precision()[m]).isEqualTo(1.0);
            assertThat(c.rocAuc()).isEqualTo(RankingMetrics.rocAuc(positive, score));
            assertThat(c.averagePrecision()).isEqualTo(RankingMetrics.averagePrecision(positive, score));
        }
    }

    @Test
    @DisplayName("a class absent from the labels: both areas NaN, TPR NaN, recall 1 as in scikit-learn")
    void absentClass() {
        ClassCurve c = curve(new boolean[3], new float[] {0.2f, 0.9f, 0.2f});
        assertThat(c.rocAuc()).isNaN();
        assertThat(c.averagePrecision()).isNaN();
        assertThat(c.tpr()).containsOnly(Double.NaN);
        assertThat(c.fpr()).containsExactly(0, 1.0 / 3, 1);
        assertThat(c.recall()).containsExactly(1, 1, 0);
    }

    @Test
    @DisplayName("the only class present: ROC AUC NaN, FPR NaN, average precision 1")
    void onlyClass() {
        ClassCurve c = curve(new boolean[] {true, true}, new float[] {0.4f, 0.8f});
        assertThat(c.rocAuc()).isNaN();
        assertThat(c.fpr()).containsOnly(Double.NaN);
        assertThat(c.averagePrecision()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("constant scores: the ROC diagonal in one step, AUC 0.5, AP the prevalence")
    void constantScores() {
        ClassCurve c = curve(new boolean[] {true, false, false, false}, new float[] {0.7f, 0.7f, 0.7f, 0.7f});
        assertThat(c.fpr()).containsExactly(0, 1);
        assertThat(c.tpr()).containsExactly(0, 1);
        assertThat(c.rocAuc()).isEqualTo(0.5);
        assertThat(c.averagePrecision()).isCloseTo(0.25, within(1e-15));
        assertThat(c.recall()).containsExactly(1, 0);
        assertThat(c.precision()).containsExactly(0.25, 1);
    }
}
