package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.DoubleSupplier;

/**
 * Central-difference gradient checks in double precision, DL4J {@code GradCheckUtil} convention:
 * eps 1e-5, relative error {@code |a - n| / (|a| + |n|)} at most 1e-5, or absolute error below 1e-6 when
 * both are tiny; a NaN fails naming the parameter.
 */
final class GradientCheck {

    static final double EPS = 1e-5;
    static final double MAX_RELATIVE_ERROR = 1e-5;
    static final double MIN_ABSOLUTE_ERROR = 1e-6;

    private GradientCheck() {
    }

    /** {@code (f(v + eps) - f(v - eps)) / 2 eps} for {@code values[index]}, restoring it afterwards. */
    static double numeric(double[] values, int index, DoubleSupplier loss) {
        double original = values[index];
        values[index] = original + EPS;
        double plus = loss.getAsDouble();
        values[index] = original - EPS;
        double minus = loss.getAsDouble();
        values[index] = original;
        return (plus - minus) / (2 * EPS);
    }

    /** Fails naming {@code what[index]} when the analytic and numeric gradients disagree. */
    static void assertAgrees(String what, int index, double analytic, double numeric) {
        if (Double.isNaN(analytic) || Double.isNaN(numeric)) {
            fail("NaN gradient at %s[%d]: analytic %s, numeric %s", what, index, analytic, numeric);
        }
        double absolute = Math.abs(analytic - numeric);
        double relative = absolute == 0 ? 0 : absolute / (Math.abs(analytic) + Math.abs(numeric));
        if (relative > MAX_RELATIVE_ERROR && absolute >= MIN_ABSOLUTE_ERROR) {
            fail("gradient mismatch at %s[%d]: analytic %s, numeric %s, relative error %s",
                    what, index, analytic, numeric, relative);
        }
    }

    /** Checks every element of {@code values} against {@code analytic}. */
    static void checkAll(String what, double[] values, double[] analytic, DoubleSupplier loss) {
        for (int i = 0; i < values.length; i++) {
            assertAgrees(what, i, analytic[i], numeric(values, i, loss));
        }
    }
}
