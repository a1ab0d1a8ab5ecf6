package dev.gradstream.launcher;

import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.evaluator.EvaluatorVerticle;
import dev.gradstream.liveview.LiveViewVerticle;
import dev.gradstream.monitor.MonitorVerticle;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The evaluator's and the live view's bounds, dead letters, consumer latency and lag as metrics on the process's /metrics: those
 * services keep plain counts (they have no registry of their own), read here at scrape time.
 */
final class ServiceMeters {

    private ServiceMeters() {
    }

    static void bind(MeterRegistry registry, EvaluatorVerticle evaluator) {
        FunctionCounter.builder("gradstream.evaluator.splits.evicted", evaluator, EvaluatorVerticle::evictedSplits)
                .description("Incomplete prediction splits the evaluator dropped to stay within its memory caps")
                .register(registry);
        loops(registry, "evaluator", List.of(evaluator.consumerLoop()));
    }

    static void bind(MeterRegistry registry, LiveViewVerticle liveView) {
        FunctionCounter.builder("gradstream.liveview.runs.evicted", liveView, LiveViewVerticle::evictedRuns)
                .description("Runs the live view dropped from its history (oldest first, past its run cap)")
                .register(registry);
        FunctionCounter.builder("gradstream.liveview.events.evicted", liveView, LiveViewVerticle::evictedEvents)
                .description("Events thinned out of the live view's per-run history").register(registry);
        loops(registry, "liveview", liveView.consumerLoops());
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
