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

    /** SweepJob: configurations waiting for a worker; keyed by job id, several partitions. */
    public static final String SWEEP_JOBS = "gradstream.sweep-jobs.v1";
    /** SweepResult: one per finished job; keyed by sweep id. */
    public static final String SWEEP_RESULTS = "gradstream.sweep-results.v1";

    /**
     * Records a consumer could not use (undecodable, unknown schema version, oversized, or refused by its
     * handler): original key and bytes, with the reason and the source in record headers. Not an
     * {@code Event} topic, so not in {@link #ALL}.
     */
    public static final String DEAD_LETTERS = "gradstream.dead-letters.v1";

    /** All event topics, in creation order. */
    public static final List<String> ALL = List.of(RUNS, BATCHES, EPOCHS, PREDICTIONS, EVALUATIONS, COMPARISONS,
            SWEEP_JOBS, SWEEP_RESULTS);

    /** The topic an event belongs on, by its payload. */
    public static String forEvent(Event event) {
        return switch (event.getPayloadCase()) {
            case RUN_STARTED, RUN_FINISHED -> RUNS;
            case BATCH_STATS -> BATCHES;
            case EPOCH_METRICS -> EPOCHS;
            case PREDICTIONS -> PREDICTIONS;
            case EVALUATION_RESULT -> EVALUATIONS;
            case GRADIENT_COMPARISON -> COMPARISONS;
            case SWEEP_JOB -> SWEEP_JOBS;
            case SWEEP_RESULT -> SWEEP_RESULTS;
            case PAYLOAD_NOT_SET -> throw new IllegalArgumentException("event has no payload: " + event.getHeader());
        };
    }

    /**
     * The record key of an event: the run id, except for sweep jobs (the job id, so that jobs spread over
     * the workers) and sweep results (the sweep id, so that a sweep's results stay in order).
     */
    public static String keyOf(Event event) {
        return switch (event.getPayloadCase()) {
            case SWEEP_JOB -> event.getSweepJob().getJobId();
            case SWEEP_RESULT -> event.getSweepResult().getSweepId();
            default -> event.getHeader().getRunId();
        };
    }

    /** Partitions a topic gets at least: the jobs topic needs several so that many workers can share it. */
    public static int minPartitions(String topic) {
        return SWEEP_JOBS.equals(topic) ? 8 : 1;
    }

    private Topics() {
    }
}
