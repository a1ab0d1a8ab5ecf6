package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.bus.EventLimits;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A synthetic run")
class SyntheticRunTest {

    /** Emits a whole run, stamping headers as a run channel does, without a producer. */
    private static List<Event> emitAll(SyntheticRun.Shape shape, boolean cutAfterFive) {
        RunChannel headers = new RunChannel(new EventPublisher(null), "loadgen-test-r00000-classify-scratch",
                Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
        List<Event> out = new ArrayList<>();
        long[] sequence = {0};
        SyntheticRun run = new SyntheticRun(headers.runId(), shape, SyntheticRun.chunks(shape), b -> {
            Event e = b.setHeader(headers.header(sequence[0]++)).build();
            out.add(e);
            return e;
        });
        while (!run.finished()) {
            run.emitNext();
            if (cutAfterFive && out.size() == 5) {
                run.abort("cut");
            }
        }
        return out;
    }

    @Test
    @DisplayName("emits a trainer's sequence of events, each within the v1 limits")
    void trainerShapedAndValid() {
        // 1,000 classes x 300 samples: 65 rows per chunk, so 5 chunks per split.
        SyntheticRun.Shape shape = new SyntheticRun.Shape(6, 1000, 300, 2, 3);
        List<Event> events = emitAll(shape, false);

        assertThat(shape.chunks()).isEqualTo(5);
        assertThat(events).hasSize((int) shape.eventsPerRun()).hasSize(1 + 2 * (3 + 1 + 5) + 5 + 1);
        assertThat(events).allSatisfy(e -> assertThat(EventLimits.validate(e)).as(e.getPayloadCase().name()).isNull());
        assertThat(events.get(0).hasRunStarted()).isTrue();
        assertThat(events.get(0).getRunStarted().getDataset().getClassNamesCount()).isEqualTo(1000);
        assertThat(events.get(1).getBatchStats().getLayersCount()).isEqualTo(6);
        assertThat(events.get(4).getEpochMetrics().getEpoch()).isEqualTo(1);
        assertThat(events.get(events.size() - 1).getRunFinished().getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).getHeader().getSequence()).isEqualTo(i);
        }
        List<Predictions> test = events.stream().filter(Event::hasPredictions).map(Event::getPredictions)
                .filter(p -> p.getSplit() == Split.SPLIT_TEST).toList();
        assertThat(test).hasSize(5).allSatisfy(p -> assertThat(p.getEpoch()).isEqualTo(2));
        assertThat(test.stream().mapToInt(Predictions::getLabelsCount).sum()).isEqualTo(300);
        assertThat(test.get(4).getOffset()).isEqualTo(260);
        assertThat(test.get(4).getScoresCount()).isEqualTo(40 * 1000);
        assertThat(events.stream().filter(Event::hasBatchStats).map(e -> e.getBatchStats().getStep()).toList())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    @DisplayName("cut short, ends with a failed run-finished event")
    void abortedRunEndsFailed() {
        List<Event> events = emitAll(new SyntheticRun.Shape(2, 10, 100, 3, 4), true);

        assertThat(events).hasSize(6);
        assertThat(events.get(5).getRunFinished().getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED);
        assertThat(events.get(5).getRunFinished().getEpochsCompleted()).isZero();
        assertThat(EventLimits.validate(events.get(5))).isNull();
    }

    @Test
    @DisplayName("refuses a shape past the contract's limits, naming the option")
    void refusesShapesPastLimits() {
        assertThatThrownBy(() -> new SyntheticRun.Shape(65, 10, 100, 1, 1)).hasMessageContaining("--layers");
        assertThatThrownBy(() -> new SyntheticRun.Shape(4, 1000, 20_000, 1, 1)).hasMessageContaining("--samples x --classes");
    }
}
