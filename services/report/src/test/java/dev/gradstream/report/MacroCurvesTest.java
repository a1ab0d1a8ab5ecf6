package dev.gradstream.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.core.metrics.ClassCurve;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Macro-averaged curves")
class MacroCurvesTest {

    private static final double NAN = Double.NaN;

    @Test
    @DisplayName("the macro ROC curve is the mean of the classes' TPR on the union of their FPRs, a vertical rise counting at its top")
    void rocAveragesInterpolatedTpr() {
        ClassCurve perfect = new ClassCurve(0, new double[] {0, 0, 1}, new double[] {0, 1, 1}, new double[0],
                new double[0], 1, 1);
        ClassCurve chance = new ClassCurve(1, new double[] {0, 0.5, 1}, new double[] {0, 0.5, 1}, new double[0],
                new double[0], 0.5, 0.5);
        double[][] macro = MacroCurves.roc(List.of(perfect, chance));
        assertThat(macro[0]).containsExactly(0, 0.5, 1);
        // at 0: (1 + 0) / 2; at 0.5: (1 + 0.5) / 2; at 1: (1 + 1) / 2
        assertThat(macro[1]).containsExactly(new double[] {0.5, 0.75, 1}, within(1e-12));
    }

    @Test
    @DisplayName("between two points the ROC curve is interpolated linearly")
    void interpolatesLinearly() {
        assertThat(MacroCurves.interpolateTop(new double[] {0, 0.4, 1}, new double[] {0, 0.8, 1}, 0.2))
                .isCloseTo(0.4, within(1e-12));
        assertThat(MacroCurves.interpolateTop(new double[] {0, 0.4, 1}, new double[] {0, 0.8, 1}, 0.7))
                .isCloseTo(0.9, within(1e-12));
    }

    @Test
    @DisplayName("the macro PR curve averages each class's precision envelope on a recall grid")
    void precisionRecallAveragesEnvelopes() {
        // class 0: recall 1 at precision 0.5, recall 0.5 at precision 1; class 1: precision 1 everywhere
        ClassCurve a = new ClassCurve(0, new double[0], new double[0], new double[] {1, 0.5, 0},
                new double[] {0.5, 1, 1}, NAN, 0.75);
        ClassCurve b = new ClassCurve(1, new double[0], new double[0], new double[] {1, 0}, new double[] {1, 1}, NAN, 1);
        double[][] macro = MacroCurves.precisionRecall(List.of(a, b));
        assertThat(macro[0]).hasSize(MacroCurves.PR_GRID_POINTS);
        assertThat(macro[1][0]).isCloseTo(1.0, within(1e-12));          // r = 0: both envelopes 1
        assertThat(macro[1][50]).isCloseTo(1.0, within(1e-12));         // r = 0.5: class 0 still reaches 1
        assertThat(macro[1][60]).isCloseTo((0.5 + 1) / 2, within(1e-12)); // r = 0.6: class 0 only 0.5
        assertThat(macro[1][100]).isCloseTo(0.75, within(1e-12));
    }

    @Test
    @DisplayName("a class with an undefined curve (NaN points) is left out of the mean")
    void skipsUndefinedClasses() {
        ClassCurve good = new ClassCurve(0, new double[] {0, 1}, new double[] {0, 1}, new double[0], new double[0],
                0.5, NAN);
        ClassCurve undefined = new ClassCurve(1, new double[] {0, NAN}, new double[] {0, NAN}, new double[0],
                new double[0], NAN, NAN);
        assertThat(MacroCurves.roc(List.of(good, undefined))[1]).containsExactly(0, 1);
        assertThat(MacroCurves.roc(List.of(undefined))[0]).isEmpty();
    }
}
