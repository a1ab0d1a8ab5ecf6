package dev.gradstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final double EPS = 1e-12;

    @Test
    void argmaxTakesTheFirstMaximum() {
        float[] scores = {0.2f, 0.5f, 0.5f, 0.9f, 0.1f, 0.9f, 0.3f, 0.3f, 0.3f};
        assertThat(ClassificationMetrics.argmax(scores, 3)).containsExactly(1, 0, 0);
    }

    @Test
    void confusionMatrixCounts() {
        int[] labels = {0, 0, 1, 2, 2, 2};
        int[] predicted = {0, 1, 1, 2, 0, 2};
        assertThat(ClassificationMetrics.confusionMatrix(labels, predicted, 3))
                .containsExactly(1, 1, 0,
                                 0, 1, 0,
                                 1, 0, 2);
    }

    @Test
    @DisplayName("a class never predicted has precision 0 (zero_division = 0), and F1 0")
    void zeroDivision() {
        long[] confusion = ClassificationMetrics.confusionMatrix(new int[] {0, 1, 2, 2}, new int[] {0, 1, 1, 0}, 3);
        double[] precision = ClassificationMetrics.precision(confusion, 3);
        double[] recall = ClassificationMetrics.recall(confusion, 3);
        assertThat(precision).containsExactly(0.5, 0.5, 0.0);
        assertThat(recall).containsExactly(1.0, 1.0, 0.0);
        assertThat(ClassificationMetrics.f1(precision, recall)).containsExactly(2.0 / 3, 2.0 / 3, 0.0);
    }

    @Test
    @DisplayName("evaluate on a hand-worked 3-class example")
    void evaluateHandExample() {
        int[] labels = {0, 0, 1, 2, 2, 2};
        float[] scores = {
            0.7f, 0.2f, 0.1f,   // -> 0, true 0
            0.3f, 0.6f, 0.1f,   // -> 1, true 0
            0.2f, 0.7f, 0.1f,   // -> 1, true 1
            0.1f, 0.1f, 0.8f,   // -> 2, true 2
            0.5f, 0.1f, 0.4f,   // -> 0, true 2
            0.2f, 0.2f, 0.6f};  // -> 2, true 2

        ClassificationReport r = ClassificationMetrics.evaluate(labels, scores, 3);

        assertThat(r.sampleCount()).isEqualTo(6);
        assertThat(r.confusion()).containsExactly(1, 1, 0, 0, 1, 0, 1, 0, 2);
        assertThat(r.confusion(2, 0)).isEqualTo(1);
        assertThat(r.accuracy()).isCloseTo(4.0 / 6, within(EPS));
        // precision 1/2, 1/2, 1; recall 1/2, 1, 2/3; F1 1/2, 2/3, 4/5
        assertThat(r.precisionMacro()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(r.recallMacro()).isCloseTo((0.5 + 1 + 2.0 / 3) / 3, within(EPS));
        assertThat(r.f1Macro()).isCloseTo((0.5 + 2.0 / 3 + 0.8) / 3, within(EPS));
        // Class 1 column: positives {0.7}, negatives {0.2, 0.6, 0.1, 0.1, 0.2}: AUC 1, AP 1.
        assertThat(r.curves().get(1).rocAuc()).isEqualTo(1.0);
        assertThat(r.curves().get(1).averagePrecision()).isEqualTo(1.0);
        // Class 0 column: positives {0.7, 0.3}, negatives {0.2, 0.1, 0.5, 0.2}: 0.7 beats 4, 0.3 beats 3 -> 7/8.
        assertThat(r.curves().get(0).rocAuc()).isCloseTo(7.0 / 8, within(EPS));
        // Class 2 column: positives {0.8, 0.4, 0.6}, negatives {0.1, 0.1, 0.1}: AUC 1.
        assertThat(r.rocAucMacro()).isCloseTo((7.0 / 8 + 1 + 1) / 3, within(EPS));
        // AP class 0: ranked 0.7(+) 0.5(-) 0.3(+) ...: .5 * 1 + .5 * 2/3.
        assertThat(r.prAucMacro()).isCloseTo((5.0 / 6 + 1 + 1) / 3, within(EPS));
        assertThat(r.curves().get(0).fpr()[0]).isEqualTo(0.0);
        assertThat(r.curves().get(0).recall()[r.curves().get(0).recall().length - 1]).isEqualTo(0.0);
    }

    @Test
    @DisplayName("a class absent from the labels makes the ROC and PR macros NaN, the rest stays defined")
    void absentClassIsNaN() {
        int[] labels = {0, 1, 0, 1};
        float[] scores = {0.6f, 0.3f, 0.1f, 0.2f, 0.7f, 0.1f, 0.5f, 0.4f, 0.1f, 0.1f, 0.8f, 0.1f};
        ClassificationReport r = ClassificationMetrics.evaluate(labels, scores, 3);
        assertThat(r.curves().get(2).rocAuc()).isNaN();
        assertThat(r.curves().get(2).averagePrecision()).isNaN();
        assertThat(r.rocAucMacro()).isNaN();
        assertThat(r.prAucMacro()).isNaN();
        assertThat(r.accuracy()).isEqualTo(1.0);
        assertThat(r.precisionMacro()).isCloseTo(2.0 / 3, within(EPS)); // class 2: zero_division -> 0
    }

    @Test
    void oneClassOnlyGivesNaNRoc() {
        ClassificationReport r = ClassificationMetrics.evaluate(new int[] {1, 1}, new float[] {0.4f, 0.6f, 0.7f, 0.3f}, 2);
        assertThat(r.rocAucMacro()).isNaN();
        assertThat(r.curves().get(1).rocAuc()).isNaN();
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> ClassificationMetrics.evaluate(new int[] {0, 3}, new float[4], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 at index 1");
        assertThatThrownBy(() -> ClassificationMetrics.evaluate(new int[] {0}, new float[4], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 labels but 2 score rows");
        assertThatThrownBy(() -> ClassificationMetrics.argmax(new float[5], 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("12,000 x 10 scores of a weak signal give an AUC between chance and perfect, one curve per class "
            + "(speed is measured by the evaluator's JMH benchmark, not asserted here)")
    void largeSplit() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 12_000;
        int k = 10;
        int[] labels = new int[n];
        float[] scores = new float[n * k];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(k);
            for (int j = 0; j < k; j++) {
                scores[i * k + j] = (float) random.nextDouble() + (j == labels[i] ? 0.3f : 0f);
            }
        }
        ClassificationReport r = ClassificationMetrics.evaluate(labels, scores, k);
        assertThat(r.rocAucMacro()).isBetween(0.6, 0.95);
        assertThat(r.curves()).hasSize(k);
    }
}
