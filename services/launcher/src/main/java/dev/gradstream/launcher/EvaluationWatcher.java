package dev.gradstream.launcher;

import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Split;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Listens on the evaluations topic (in a consumer group of its own) for the test result of given runs. */
final class EvaluationWatcher implements AutoCloseable {

    private final Map<String, CompletableFuture<EvaluationResult>> tests = new ConcurrentHashMap<>();
    private final EventConsumerLoop loop;

    EvaluationWatcher(KafkaClients clients) {
        String id = "cli-" + UUID.randomUUID();
        loop = new EventConsumerLoop(clients, id, id, List.of(Topics.EVALUATIONS), this::onEvent).start();
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
        loop.close();
    }
}
