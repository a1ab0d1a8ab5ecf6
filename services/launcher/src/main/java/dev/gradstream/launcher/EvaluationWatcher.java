package dev.gradstream.launcher;

import dev.gradstream.bus.InstanceConsumer;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Split;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens on the evaluations topic (in a consumer group of its own) for the test result of given runs; bad
 * records are dead-lettered once for all command-line processes (service {@value #SERVICE}).
 */
final class EvaluationWatcher implements AutoCloseable {

    static final String SERVICE = "cli";

    private final Map<String, CompletableFuture<EvaluationResult>> tests = new ConcurrentHashMap<>();
    private final InstanceConsumer consumer;

    EvaluationWatcher(KafkaClients clients) {
        consumer = new InstanceConsumer(clients, SERVICE, List.of(Topics.EVALUATIONS), this::onEvent).start();
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
