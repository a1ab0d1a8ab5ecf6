package dev.gradstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Task;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@DisplayName("A run wired by RunExecution, on the real broker")
class RunExecutionTest {

    private static final TrainingConfig CONFIG = new TrainingConfig(new int[] {16}, 0.01, 0.9, 64, 2, 5, 0.2,
            Precision.FLOAT32);

    @Test
    @DisplayName("ends exactly once: a listener failing after the run-finished event adds no FAILED one")
    void endsOnce(@TempDir Path tmp) throws Exception {
        TrainingListener failsAtEnd = new TrainingListener() {
            @Override
            public void onRunEnd(RunOutcome outcome) {
                throw new IllegalStateException("listener broke after the end");
            }
        };
        List<RunStatus> finished = runAndRead(tmp, "ends-once", failsAtEnd);
        assertThat(finished).containsExactly(RunStatus.RUN_STATUS_COMPLETED);
        JsonObject outcome = new JsonObject(Files.readString(tmp.resolve("run").resolve(RunDirectoryListener.OUTCOME)));
        assertThat(outcome.getString("status")).isEqualTo("completed");
    }

    @Test
    @DisplayName("a run failing mid-training ends with one FAILED event and a failed outcome.json naming the reason")
    void failsOnce(@TempDir Path tmp) throws Exception {
        TrainingListener failsInEpoch2 = new TrainingListener() {
            @Override
            public void onEpoch(dev.gradstream.core.training.EpochRecord epoch) {
                if (epoch.epoch() == 2) {
                    throw new IllegalStateException("disk full in epoch 2");
                }
            }
        };
        List<RunStatus> finished = runAndRead(tmp, "fails-once", failsInEpoch2);
        assertThat(finished).containsExactly(RunStatus.RUN_STATUS_FAILED);
        JsonObject outcome = new JsonObject(Files.readString(tmp.resolve("run").resolve(RunDirectoryListener.OUTCOME)));
        assertThat(outcome.getString("status")).isEqualTo("failed");
        assertThat(outcome.getString("reason")).contains("disk full in epoch 2");
    }

    /** Runs the job with {@code extra}, expecting {@link RunExecution.Failed}; its run-finished statuses in Kafka. */
    private static List<RunStatus> runAndRead(Path tmp, String runId, TrainingListener extra) throws Exception {
        DataSplits data = DataSets.load(null, 0.2, 5);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), true, 0)) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            try (EventPublisher publisher = new EventPublisher(clients.producer("test-" + runId))) {
                RunChannel channel = new RunChannel(publisher, runId, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
                TrainingJob job = new TrainingJob(runId, "scratch", new TaskSpec.Classify(), CONFIG, data,
                        tmp.resolve("run"), null);
                assertThatThrownBy(() -> new RunExecution(job, channel, List.of(extra)).run())
                        .isInstanceOf(RunExecution.Failed.class);
                publisher.flush();
            }
            List<RunStatus> statuses = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = clients.consumer("test-reader", "test-reader")) {
                TopicPartition p = new TopicPartition(Topics.RUNS, 0);
                consumer.assign(List.of(p));
                consumer.seekToBeginning(List.of(p));
                long end = consumer.endOffsets(List.of(p)).get(p);
                while (consumer.position(p) < end) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        Event e = Event.parseFrom(r.value());
                        if (e.hasRunFinished() && e.getHeader().getRunId().equals(runId)) {
                            statuses.add(e.getRunFinished().getStatus());
                        }
                    }
                }
            }
            return statuses;
        }
    }
}
