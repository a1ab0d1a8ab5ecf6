package dev.gradstream.sweep;

import dev.gradstream.core.metrics.ClassificationMetrics;
import dev.gradstream.core.metrics.ClassificationReport;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.Split;
import dev.gradstream.core.training.TrainingListener;

/**
 * Keeps what a sweep result needs from a run: the validation accuracy of the best epoch and the test
 * predictions of the best weights, evaluated with {@link ClassificationMetrics} (scikit-learn definitions,
 * the same functions the evaluator service uses).
 */
final class ResultCollector implements TrainingListener {

    private double bestValidationAccuracy = Double.NaN;
    private int[] testLabels;
    private float[] testScores;
    private int numClasses;

    @Override
    public void onEpoch(EpochRecord epoch) {
        if (epoch.bestSoFar()) {
            bestValidationAccuracy = epoch.validationAccuracy();
        }
    }

    @Override
    public void onPredictions(Split split, int epoch, int[] labels, float[] scores, int numClasses) {
        if (split == Split.TEST) {
            this.testLabels = labels.clone();
            this.testScores = scores.clone();
            this.numClasses = numClasses;
        }
    }

    /** Validation accuracy of the epoch with the lowest validation loss; NaN if no epoch completed. */
    double bestValidationAccuracy() {
        return bestValidationAccuracy;
    }

    /** Test metrics of the best weights, or null when there were none (no epoch completed, or NaN scores). */
    ClassificationReport test() {
        if (testLabels == null) {
            return null;
        }
        try {
            return ClassificationMetrics.evaluate(testLabels, testScores, numClasses);
        } catch (IllegalArgumentException nanScores) {
            return null;
        }
    }
}
