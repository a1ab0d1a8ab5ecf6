package dev.gradstream.bus;

import dev.gradstream.events.v1.Event;
import java.util.List;

/**
 * Every Kafka topic gradstream uses, in one place. Each carries {@code gradstream.events.v1.Event}
 * records keyed by run id, so all events of a run stay in order within a topic.
 */
public final class Topics {

    /** RunStarted and RunFinished. */
    public static final String RUNS = "gradstream.runs.v1";
    /** One BatchStats per mini-batch. */
    public static final String BATCHES = "gradstream.batches.v1";
    /** One EpochMetrics per epoch. */
    public static final String EPOCHS = "gradstream.epochs.v1";
    /** Predictions chunks: validation every epoch, test for the best epoch. */
    public static final String PREDICTIONS = "gradstream.predictions.v1";
    /** EvaluationResult, published by the evaluator. */
    public static final String EVALUATIONS = "gradstream.evaluations.v1";

    /** GradientComparison: two backends' first-iteration gradients side by side. */
    public static final String COMPARISONS = "gradstream.comparisons.v1";

    /** All topics, in creation order. */
    public static final List<String> ALL = List.of(RUNS, BATCHES, EPOCHS, PREDICTIONS, EVALUATIONS, COMPARISONS);

    /** The topic an event belongs on, by its payload. */
    public static String forEvent(Event event) {
        return switch (event.getPayloadCase()) {
            case RUN_STARTED, RUN_FINISHED -> RUNS;
            case BATCH_STATS -> BATCHES;
            case EPOCH_METRICS -> EPOCHS;
            case PREDICTIONS -> PREDICTIONS;
            case EVALUATION_RESULT -> EVALUATIONS;
            case GRADIENT_COMPARISON -> COMPARISONS;
            case PAYLOAD_NOT_SET -> throw new IllegalArgumentException("event has no payload: " + event.getHeader());
        };
    }

    private Topics() {
    }
}
