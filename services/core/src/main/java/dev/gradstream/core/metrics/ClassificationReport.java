package dev.gradstream.core.metrics;

import java.util.List;

/**
 * Multi-class evaluation of one prediction set, as {@link ClassificationMetrics#evaluate} defines it.
 *
 * @param confusion row-major {@code numClasses x numClasses} counts, row = true class, column = predicted class
 * @param curves one per class, in class order
 */
public record ClassificationReport(int sampleCount, int numClasses, double accuracy, double precisionMacro,
                                   double recallMacro, double f1Macro, double rocAucMacro, double prAucMacro,
                                   long[] confusion, List<ClassCurve> curves) {

    public ClassificationReport {
        curves = List.copyOf(curves);
    }

    /** Samples of true class {@code actual} predicted as {@code predicted}. */
    public long confusion(int actual, int predicted) {
        return confusion[actual * numClasses + predicted];
    }
}
