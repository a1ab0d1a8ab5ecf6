package dev.gradstream.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The samples/s of one benchmark mode's measured epochs, with their median and spread. */
final class BenchFigures {

    /** The mode's name in {@code --modes}: none, publish or stack. */
    final String key;
    final String mode;
    private final List<Double> rates = new ArrayList<>();

    BenchFigures(String key, String mode) {
        this.key = key;
        this.mode = mode;
    }

    void add(double[] epochRates) {
        for (double r : epochRates) {
            rates.add(r);
        }
    }

    int count() {
        return rates.size();
    }

    double median() {
        double[] s = sorted();
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    double min() {
        return sorted()[0];
    }

    double max() {
        double[] s = sorted();
        return s[s.length - 1];
    }

    /** {@code (max - min) / median}: how far apart this mode's epochs were. */
    double spread() {
        return (max() - min()) / median();
    }

    private double[] sorted() {
        double[] s = rates.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s;
    }

    /** One table line: the epochs in the order measured, median, min-max and spread. */
    String line() {
        return String.format(Locale.ROOT, "%-40s median %,8.0f  min %,8.0f  max %,8.0f  spread %5.1f%%  epochs:%s",
                mode, median(), min(), max(), 100 * spread(),
                epochs(rates.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** Epochs' samples/s as printed: " 12,345 12,400 ...". */
    static String epochs(double[] rates) {
        StringBuilder sb = new StringBuilder();
        for (double r : rates) {
            sb.append(String.format(Locale.ROOT, " %,.0f", r));
        }
        return sb.toString();
    }

    /**
     * This mode against {@code base}: the ratio of medians, and the range of ratios any of this mode's
     * epochs could have against any of the base's (min/max to max/min), which bounds what noise alone gives.
     */
    String ratioTo(BenchFigures base) {
        double ratio = median() / base.median();
        return String.format(Locale.ROOT, "%s / %s: %.3f (overhead %.1f%%; epoch-to-epoch range %.3f-%.3f)",
                mode, base.mode, ratio, 100 * (1 - ratio), min() / base.max(), max() / base.min());
    }
}
