package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import static dev.gradstream.bus.fuzz.FuzzFigures.await;
import static dev.gradstream.bus.fuzz.FuzzFigures.committed;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.GradientComparison;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.Task;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Consumers that keep only recent runs start at the oldest kept run, on the real in-process broker")
class RecentRunsTest {

    @Test
    @DisplayName("a new group reads from the n-th most recent run's first record; committed offsets still win")
    void startsAtTheOldestKeptRun() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 2, (short) 1);
            try (EventPublisher publisher = new EventPublisher(clients.producer("test"))) {
                run(publisher, "a");
                Thread.sleep(20);
                comparison(publisher, "s-classify-compare");
                Thread.sleep(20);
                run(publisher, "b");
                Thread.sleep(20);
                run(publisher, "c");

                assertThat(RecentRuns.startOf(clients, 5)).as("fewer runs than asked: from the beginning").isEmpty();
                OptionalLong ofB = RecentRuns.startOf(clients, 2);
                OptionalLong ofComparison = RecentRuns.startOf(clients, 3);
                assertThat(ofB).isPresent();
                assertThat(ofComparison).as("a comparison counts as a run").isPresent();
                assertThat(ofComparison.getAsLong()).isLessThan(ofB.getAsLong());
                assertThat(RecentRuns.startOf(clients, 4).getAsLong()).isLessThan(ofComparison.getAsLong());

                List<String> recent = new CopyOnWriteArrayList<>();
                EventConsumerLoop fromB = loop(clients, "recent", recent, () -> RecentRuns.startOf(clients, 2));
                List<String> all = new CopyOnWriteArrayList<>();
                EventConsumerLoop fromStart = loop(clients, "all", all, null);
                assertThat(await(() -> recent.size() == 4 && all.size() == 7, 60_000))
                        .as("recent %s, all %s", recent, all).isTrue();
                assertThat(recent).containsExactlyInAnyOrder("b/run", "b/batch", "c/run", "c/batch");
                assertThat(all).contains("a/run", "a/batch", "s-classify-compare/comparison");

                run(publisher, "d");
                assertThat(await(() -> recent.size() == 6, 60_000)).as("runs after the start: %s", recent).isTrue();
                assertThat(await(() -> committed(clients, "gradstream-test-all") == 9, 60_000))
                        .as("the group 'all' committed all 9 records").isTrue();
                fromB.close();
                fromStart.close();

                // Restarted with a start time (that of run d), the group "all" goes on from its committed offsets.
                List<String> resumed = new CopyOnWriteArrayList<>();
                EventConsumerLoop again = loop(clients, "all", resumed, () -> RecentRuns.startOf(clients, 1));
                run(publisher, "e");
                assertThat(await(() -> resumed.size() == 2, 60_000)).as("resumed %s", resumed).isTrue();
                Thread.sleep(1_000);
                assertThat(resumed).containsExactlyInAnyOrder("e/run", "e/batch");
                again.close();

                // A start time after every record: a new group starts at the ends and reads what follows.
                List<String> future = new CopyOnWriteArrayList<>();
                EventConsumerLoop ahead = loop(clients, "ahead", future,
                        () -> OptionalLong.of(System.currentTimeMillis() + 3_600_000));
                run(publisher, "f");
                assertThat(await(() -> future.size() == 2, 60_000)).as("after the ends: %s", future).isTrue();
                assertThat(future).containsExactlyInAnyOrder("f/run", "f/batch");
                ahead.close();
            }
        }
    }

    private static void run(EventPublisher publisher, String runId) {
        RunChannel channel = new RunChannel(publisher, runId, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
        channel.emit(Event.newBuilder().setRunStarted(RunStarted.getDefaultInstance()));
        channel.emit(Event.newBuilder().setBatchStats(BatchStats.newBuilder().setStep(1)));
        channel.flush();
    }

    private static void comparison(EventPublisher publisher, String runId) {
        RunChannel channel = new RunChannel(publisher, runId, Backend.BACKEND_ND4J, Task.TASK_CLASSIFY, 0);
        channel.emit(Event.newBuilder().setGradientComparison(GradientComparison.getDefaultInstance()));
        channel.flush();
    }

    /** A loop in group {@code gradstream-test-<name>} that records run/kind of each event it handles. */
    private static EventConsumerLoop loop(KafkaClients clients, String name, List<String> seen,
                                          Supplier<OptionalLong> startTime) throws InterruptedException {
        EventConsumerLoop loop = new EventConsumerLoop(clients, ConsumerSpec.sharedGroup("test", "gradstream-test-" + name,
                "test-" + name + "-" + System.nanoTime(), List.of(Topics.RUNS, Topics.BATCHES, Topics.COMPARISONS)),
                (event, record) -> seen.add(event.getHeader().getRunId() + "/" + switch (event.getPayloadCase()) {
                    case RUN_STARTED -> "run";
                    case BATCH_STATS -> "batch";
                    case GRADIENT_COMPARISON -> "comparison";
                    default -> event.getPayloadCase().name();
                }));
        if (startTime != null) {
            loop.startAt(startTime);
        }
        loop.start();
        assertThat(loop.awaitAssignment(60, TimeUnit.SECONDS)).as("group %s assigned", name).isTrue();
        return loop;
    }
}
