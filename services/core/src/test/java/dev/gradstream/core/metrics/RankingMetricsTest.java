package dev.gradstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    private static final double EPS = 1e-12;

    private static boolean[] positives(int... y) {
        boolean[] out = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] == 1;
        }
        return out;
    }

    @Test
    @DisplayName("scikit-learn's doc example: y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8]")
    void sklearnDocExample() {
        boolean[] y = positives(0, 0, 1, 1);
        float[] s = {0.1f, 0.4f, 0.35f, 0.8f};
        // Ranked: 0.8 (+), 0.4 (-), 0.35 (+), 0.1 (-). ROC points (0,0) (0,.5) (.5,.5) (.5,1) (1,1): area .25 + .5 = .75.
        // AP: thresholds hit at recall .5 with precision 1, recall 1 with precision 2/3: .5 * 1 + .5 * 2/3 = 5/6.
        assertThat(RankingMetrics.rocAuc(y, s)).isCloseTo(0.75, within(EPS));
        assertThat(RankingMetrics.averagePrecision(y, s)).isCloseTo(5.0 / 6.0, within(EPS));

        ThresholdCounts counts = ThresholdCounts.of(y, s);
        assertThat(counts.thresholds()).containsExactly(0.8f, 0.4f, 0.35f, 0.1f);
        double[][] roc = RankingMetrics.rocCurve(counts);
        assertThat(roc[0]).containsExactly(0, 0, 0.5, 0.5, 1);
        assertThat(roc[1]).containsExactly(0, 0.5, 0.5, 1, 1);
        // scikit-learn's precision_recall_curve doc: precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0]
        double[][] pr = RankingMetrics.precisionRecallCurve(counts);
        assertThat(pr[0]).containsExactly(1, 1, 0.5, 0.5, 0);
        assertThat(pr[1]).containsExactly(0.5, 2.0 / 3.0, 0.5, 1, 1);
    }

    @Test
    @DisplayName("tied scores form one point: a diagonal ROC segment, counted half")
    void tiesAreGrouped() {
        boolean[] y = positives(1, 0, 1, 0);
        float[] s = {0.5f, 0.5f, 0.9f, 0.1f};
        // Pairs (pos, neg): (0.9, 0.5) 1, (0.9, 0.1) 1, (0.5, 0.5) 1/2, (0.5, 0.1) 1 -> 3.5 / 4.
        assertThat(RankingMetrics.rocAuc(y, s)).isCloseTo(0.875, within(EPS));
        // Thresholds 0.9: P 1, R .5; 0.5: P 2/3, R 1; 0.1: R unchanged -> .5 + .5 * 2/3.
        assertThat(RankingMetrics.averagePrecision(y, s)).isCloseTo(5.0 / 6.0, within(EPS));
        assertThat(RankingMetrics.rocCurve(ThresholdCounts.of(y, s))[0]).containsExactly(0, 0, 0.5, 1);
    }

    @Test
    @DisplayName("constant scores: ROC AUC 0.5 and AP the prevalence")
    void constantScores() {
        boolean[] y = positives(1, 0, 0, 0, 1);
        float[] s = {0.3f, 0.3f, 0.3f, 0.3f, 0.3f};
        assertThat(RankingMetrics.rocAuc(y, s)).isEqualTo(0.5);
        assertThat(RankingMetrics.averagePrecision(y, s)).isCloseTo(0.4, within(EPS));
        assertThat(ThresholdCounts.of(y, s).size()).isEqualTo(1);
    }

    @Test
    void perfectAndInvertedRankings() {
        boolean[] y = positives(1, 1, 0, 0);
        assertThat(RankingMetrics.rocAuc(y, new float[] {0.9f, 0.8f, 0.2f, 0.1f})).isEqualTo(1.0);
        assertThat(RankingMetrics.averagePrecision(y, new float[] {0.9f, 0.8f, 0.2f, 0.1f})).isEqualTo(1.0);
        float[] inverted = {0.1f, 0.2f, 0.3f, 0.4f};
        assertThat(RankingMetrics.rocAuc(y, inverted)).isEqualTo(0.0);
        // Ranked -, -, +, +: precision 1/3 at recall .5, 2/4 at recall 1.
        assertThat(RankingMetrics.averagePrecision(y, inverted)).isCloseTo(0.5 / 3 + 0.25, within(EPS));
    }

    @Test
    @DisplayName("no positives: ROC AUC and AP are NaN (documented); no negatives: ROC AUC NaN, AP 1")
    void undefinedCases() {
        float[] s = {0.1f, 0.7f, 0.4f};
        assertThat(RankingMetrics.rocAuc(positives(0, 0, 0), s)).isNaN();
        assertThat(RankingMetrics.averagePrecision(positives(0, 0, 0), s)).isNaN();
        assertThat(RankingMetrics.rocAuc(positives(1, 1, 1), s)).isNaN();
        assertThat(RankingMetrics.averagePrecision(positives(1, 1, 1), s)).isEqualTo(1.0);

        double[][] roc = RankingMetrics.rocCurve(ThresholdCounts.of(positives(0, 0, 0), s));
        assertThat(roc[0]).containsExactly(0, 1.0 / 3, 2.0 / 3, 1);
        assertThat(roc[1]).containsOnly(Double.NaN);
        assertThat(RankingMetrics.precisionRecallCurve(ThresholdCounts.of(positives(0, 0, 0), s))[0])
                .containsExactly(1, 1, 1, 0);
    }

    @Test
    void negativeZeroTiesWithZero() {
        boolean[] y = positives(1, 0);
        assertThat(RankingMetrics.rocAuc(y, new float[] {0f, -0f})).isEqualTo(0.5);
    }

    @Test
    void nanScoreIsRejected() {
        assertThatThrownBy(() -> RankingMetrics.rocAuc(positives(1, 0), new float[] {Float.NaN, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 0");
    }

    @Test
    @DisplayName("ROC AUC equals the Mann-Whitney pair count on random scores with many ties")
    void rocAucIsThePairwiseProbability() {
        SplittableRandom random = new SplittableRandom(17);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + random.nextInt(200);
            boolean[] y = new boolean[n];
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = random.nextInt(3) == 0;
                s[i] = random.nextInt(12) / 4f - 1f; // few distinct values, negatives and -0 included
            }
            y[0] = true;
            y[1] = false;
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] && !y[j]) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            assertThat(RankingMetrics.rocAuc(y, s)).isCloseTo(wins / pairs, within(1e-12));
        }
    }
}
