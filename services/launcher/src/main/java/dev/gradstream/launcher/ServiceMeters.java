package dev.gradstream.launcher;

import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.evaluator.EvaluatorVerticle;
import dev.gradstream.evaluator.PredictionAssembler;
import dev.gradstream.events.v1.Event;
import dev.gradstream.liveview.LiveViewVerticle;
import dev.gradstream.monitor.MonitorVerticle;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The evaluator's and the live view's bounds, dead letters, consumer latency and lag, and the events this
 * process could not deliver, as metrics on the process's /metrics: those services keep plain counts (they have
 * no registry of their own), read here at scrape time.
 */
final class ServiceMeters {

    private ServiceMeters() {
    }

    static void bind(MeterRegistry registry, EvaluatorVerticle evaluator) {
        for (PredictionAssembler.Eviction cap : PredictionAssembler.Eviction.values()) {
            FunctionCounter.builder("gradstream.evaluator.splits.evicted", evaluator, e -> e.evictedSplits(cap))
                    .tags("reason", cap.name().toLowerCase(Locale.ROOT))
                    .description("Incomplete prediction splits the evaluator dropped to stay within its memory caps")
                    .register(registry);
        }
        FunctionCounter.builder("gradstream.evaluator.results.forgotten", evaluator, EvaluatorVerticle::forgottenResults)
                .description("Published results whose keys the evaluator forgot past its cap (oldest first)")
                .register(registry);
        loops(registry, "evaluator", List.of(evaluator.consumerLoop()));
    }

    static void bind(MeterRegistry registry, LiveViewVerticle liveView) {
        FunctionCounter.builder("gradstream.liveview.runs.evicted", liveView, LiveViewVerticle::runsEvictedByCount)
                .tags("reason", "cap")
                .description("Runs the live view dropped from its history (oldest first, past its run or size cap)")
                .register(registry);
        FunctionCounter.builder("gradstream.liveview.runs.evicted", liveView, LiveViewVerticle::runsEvictedBySize)
                .tags("reason", "size")
                .description("Runs the live view dropped from its history (oldest first, past its run or size cap)")
                .register(registry);
        FunctionCounter.builder("gradstream.liveview.events.evicted", liveView, LiveViewVerticle::evictedEvents)
                .description("Events thinned out of the live view's per-run history, or too long to keep")
                .register(registry);
        FunctionCounter.builder("gradstream.liveview.pages.dropped", liveView, LiveViewVerticle::droppedPages)
                .description("Live pages dropped because they fell too far behind or too many were open")
                .register(registry);
        loops(registry, "liveview", liveView.consumerLoops());
    }

    /**
     * Events that no publisher of this process could deliver (trainers, evaluator), by type; the first of each
     * run is also logged with its run id. Bound by {@link ServiceDeployment#deploy} for every process that
     * serves /metrics; binding again finds the same counters.
     */
    static void bindUndelivered(MeterRegistry registry) {
        for (Event.PayloadCase payload : Event.PayloadCase.values()) {
            if (payload != Event.PayloadCase.PAYLOAD_NOT_SET) {
                FunctionCounter.builder("gradstream.events.undelivered", payload, EventPublisher::undeliveredInProcess)
                        .tags("type", payload.name().toLowerCase(Locale.ROOT))
                        .description("Events this process could not deliver to Kafka (the run then fails, exit 4)")
                        .register(registry);
            }
        }
    }

    private static void loops(MeterRegistry registry, String service, List<EventConsumerLoop> loops) {
        for (int i = 0; i < loops.size(); i++) {
            EventConsumerLoop loop = loops.get(i);
            String name = Integer.toString(i);
            FunctionCounter.builder("gradstream.consumer.dead.lettered", loop, EventConsumerLoop::deadLettered)
                    .tags("service", service, "loop", name).description("Records this consumer dead-lettered")
                    .register(registry);
            FunctionCounter.builder("gradstream.consumer.skipped", loop, EventConsumerLoop::skipped)
                    .tags("service", service, "loop", name)
                    .description("Bad records this consumer skipped (its service's dead-letter loop reports them)")
                    .register(registry);
            MonitorVerticle.bindConsumerMeters(registry, service, name, loop);
        }
    }
}
