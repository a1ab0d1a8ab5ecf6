package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.bus.Topics;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.Event;
import dev.gradstream.trainer.TrainingJob;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Thirty short runs at once through one broker")
class ConcurrentRunsLoadTest {

    private static final int RUNS = 30;
    private static final int EPOCHS = 2;

    @Test
    @DisplayName("lose no event, and each is evaluated")
    void thirtyRunsAtOnce() throws Exception {
        BusOptions options = new BusOptions();
        options.metricsHost = "127.0.0.1";
        options.metricsPort = 0;
        Path runs = Files.createTempDirectory("gradstream-load-");
        DataSplits data = DataSets.load(null, 0.2, 9);
        int batchesPerEpoch = (data.train().count() + 63) / 64;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Stack stack = Stack.start(options, System.out)) {
            Session session = Session.create(runs);
            List<TrainingJob> jobs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                TrainingConfig config = new TrainingConfig(new int[] {32}, 0.01, 0.9, 64, EPOCHS, i, 0.2, Precision.FLOAT32);
                jobs.add(new TrainingJob(session.runId("classify", "scratch-" + i), "scratch", new TaskSpec.Classify(),
                        config, data, session.runDir("classify", "scratch-" + i), null));
            }
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            long start = System.nanoTime();
            List<RunResult> results = stack.run(jobs);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            long after = memory.getHeapMemoryUsage().getUsed();

            assertThat(results).hasSize(RUNS).allSatisfy(r -> {
                assertThat(r.outcome().status()).isEqualTo(RunOutcome.Status.COMPLETED);
                assertThat(r.test()).as("test evaluation of %s", r.runId()).isNotNull();
            });
            List<Event> events = StoredEvents.read(stack.clients(), List.of(Topics.BATCHES, Topics.EPOCHS), k -> true);
            Map<String, Set<String>> batches = new HashMap<>();
            Map<String, Integer> epochs = new HashMap<>();
            for (Event e : events) {
                String run = e.getHeader().getRunId();
                if (e.hasBatchStats()) {
                    assertThat(batches.computeIfAbsent(run, r -> new HashSet<>())
                            .add(e.getBatchStats().getEpoch() + "/" + e.getBatchStats().getBatch())).isTrue();
                } else {
                    epochs.merge(run, 1, Integer::sum);
                }
            }
            assertThat(batches).hasSize(RUNS).allSatisfy((run, b) -> assertThat(b).hasSize(EPOCHS * batchesPerEpoch));
            assertThat(epochs).hasSize(RUNS).allSatisfy((run, n) -> assertThat(n).isEqualTo(EPOCHS));
            System.out.printf("load: %d runs x %d epochs, %d batch and epoch events in %.1f s; heap after GC %d MB "
                    + "before, %d MB after%n", RUNS, EPOCHS, events.size(), seconds, before >> 20, after >> 20);
        }
    }
}
