package dev.gradstream.core.training;

/**
 * The files of a run directory ({@code runs/<session>/<task>-<backend>/}), named once for everyone who writes
 * or reads them: the trainer writes them, resume and the report read them. README's "What a run leaves behind"
 * describes each.
 */
public final class RunLayout {

    /** The full configuration, data set fingerprint and versions. */
    public static final String CONFIG = "config.json";
    /** Per epoch: losses, accuracies, duration, throughput, best flag. */
    public static final String EPOCHS = "epochs.csv";
    /** Per mini-batch: loss and per-layer gradient statistics. */
    public static final String BATCHES = "batches.csv";
    /** {@code label,score_0..score_K-1} of the test split with the best weights. */
    public static final String TEST_PREDICTIONS = "test_predictions.csv";
    /** The evaluator's test metrics and confusion matrix. */
    public static final String TEST_METRICS = "test_metrics.json";
    /** completed, diverged or failed, the best epoch and the reason. */
    public static final String OUTCOME = "outcome.json";
    /** The weights of the best epoch. */
    public static final String CHECKPOINT = "checkpoint.bin";

    private RunLayout() {
    }
}
