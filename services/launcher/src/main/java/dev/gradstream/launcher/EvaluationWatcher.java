package dev.gradstream.launcher;

import dev.gradstream.bus.InstanceConsumer;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Split;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens on the evaluations topic (in a consumer group of its own) for the test result of given runs; bad
 * records are dead-lettered once for all command-line processes (service {@value #SERVICE}).
 *
 * <p>It reads from {@link #LOOK_BACK} before its creation, not from the topic's start: the runs a command
 * waits for are trained or replayed after its stack starts, and the topic keeps every earlier session's
 * results (14 MB after about 50 sessions of {@code train}), which each start used to read and decode. The
 * look-back allows for the clocks of an evaluator on another machine (the records carry its time).
 */
final class EvaluationWatcher implements AutoCloseable {

    static final String SERVICE = "cli";
    static final Duration LOOK_BACK = Duration.ofMinutes(5);

    private final Map<String, CompletableFuture<EvaluationResult>> tests = new ConcurrentHashMap<>();
    private final InstanceConsumer consumer;

    EvaluationWatcher(KafkaClients clients) {
        long from = System.currentTimeMillis() - LOOK_BACK.toMillis();
        consumer = new InstanceConsumer(clients, SERVICE, List.of(Topics.EVALUATIONS), this::onEvent);
        consumer.loop().startAt(() -> OptionalLong.of(from));
        consumer.start();
    }

    private void onEvent(Event event, org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        if (event.hasEvaluationResult() && event.getEvaluationResult().getSplit() == Split.SPLIT_TEST) {
            future(event.getHeader().getRunId()).complete(event.getEvaluationResult());
        }
    }

    /** Completes with the run's test evaluation. */
    CompletableFuture<EvaluationResult> test(String runId) {
        return future(runId);
    }

    private CompletableFuture<EvaluationResult> future(String runId) {
        return tests.computeIfAbsent(runId, r -> new CompletableFuture<>());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
