package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.metrics.ClassificationMetrics;
import dev.gradstream.core.metrics.ClassificationReport;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A short run through the real in-process broker")
class PipelineEndToEndTest {

    private static final int EPOCHS = 3;

    private Path runsDir;
    private Stack stack;
    private DataSplits data;
    private RunResult result;
    private final Map<String, List<Event>> byTopic = new HashMap<>();

    @BeforeAll
    void trainOnce() throws Exception {
        BusOptions options = new BusOptions();
        options.metricsHost = "127.0.0.1";
        options.metricsPort = 0;
        runsDir = Files.createTempDirectory("gradstream-e2e-");
        stack = Stack.start(options, System.out);
        data = DataSets.load(null, 0.2, 7);
        TrainingConfig config = new TrainingConfig(new int[] {64, 32}, 0.01, 0.9, 64, EPOCHS, 7, 0.2,
                Precision.FLOAT32);
        result = stack.train(new dev.gradstream.core.training.TaskSpec.Classify(), List.of("scratch"), config, data, Session.create(runsDir), System.out).get(0);
        readAllEvents(result.runId());
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Reads every topic from the start in a fresh group until the run's evaluations are all there. */
    private void readAllEvents(String runId) {
        KafkaClients clients = new KafkaClients(stack.bootstrapServers(), Map.of());
        int expectedEvaluations = EPOCHS + 1;
        long deadline = System.currentTimeMillis() + 60_000;
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("test-" + runId, "test-reader")) {
            consumer.subscribe(Topics.ALL);
            while (System.currentTimeMillis() < deadline
                    && byTopic.getOrDefault(Topics.EVALUATIONS, List.of()).size() < expectedEvaluations) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(r.key()).isEqualTo(runId);
                    try {
                        byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(Event.parseFrom(r.value()));
                    } catch (IOException e) {
                        throw new AssertionError("undecodable record on " + r.topic(), e);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("the run completes and leaves its files in the run directory")
    void runDirectory() throws IOException {
        assertThat(result.outcome().status()).isEqualTo(RunOutcome.Status.COMPLETED);
        assertThat(result.runDir()).isDirectory();
        for (String f : List.of("config.json", "checkpoint.bin", "epochs.csv", "batches.csv", "test_predictions.csv",
                "outcome.json", "test_metrics.json")) {
            assertThat(result.runDir().resolve(f)).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(result.runDir().resolve("epochs.csv"))).hasSize(EPOCHS + 1);
        assertThat(Files.readAllLines(result.runDir().resolve("test_predictions.csv")))
                .hasSize(data.test().count() + 1);
    }

    @Test
    @DisplayName("every batch and epoch event arrives exactly once, in order")
    void batchesAndEpochsInOrder() {
        int perEpoch = (data.train().count() + 63) / 64;
        List<Event> batches = byTopic.get(Topics.BATCHES);
        assertThat(batches).hasSize(EPOCHS * perEpoch);
        for (int i = 0; i < batches.size(); i++) {
            var b = batches.get(i).getBatchStats();
            assertThat(b.getEpoch()).isEqualTo(i / perEpoch + 1);
            assertThat(b.getBatch()).isEqualTo(i % perEpoch);
            assertThat(b.getStep()).isEqualTo(i);
            assertThat(b.getLayersCount()).isEqualTo(3);
            assertThat(b.getLoss()).isFinite().isPositive();
            assertThat(b.getLayers(0).getGradL2Norm()).isPositive();
        }
        List<Event> epochs = byTopic.get(Topics.EPOCHS);
        assertThat(epochs).extracting(e -> e.getEpochMetrics().getEpoch()).containsExactly(1, 2, 3);
        List<Event> runs = byTopic.get(Topics.RUNS);
        assertThat(runs).extracting(Event::getPayloadCase)
                .containsExactly(Event.PayloadCase.RUN_STARTED, Event.PayloadCase.RUN_FINISHED);
        assertThat(runs.get(1).getRunFinished().getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED);
        assertThat(runs.get(0).getRunStarted().getDataset().getFingerprint()).isEqualTo(data.fingerprint());
    }

    @Test
    @DisplayName("the trainer's sequence numbers cover 0..n-1 across its topics with no gap or duplicate")
    void sequenceNumbersHaveNoGaps() {
        List<Long> sequences = new ArrayList<>();
        for (String topic : List.of(Topics.RUNS, Topics.BATCHES, Topics.EPOCHS, Topics.PREDICTIONS)) {
            byTopic.get(topic).forEach(e -> sequences.add(e.getHeader().getSequence()));
        }
        sequences.sort(null);
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(i);
        }
    }

    @Test
    @DisplayName("the evaluator's numbers match metrics recomputed from the run's own predictions")
    void evaluatorMatchesPredictions() throws IOException {
        List<Event> evaluations = byTopic.get(Topics.EVALUATIONS);
        assertThat(evaluations).hasSize(EPOCHS + 1);
        EvaluationResult test = evaluations.stream().map(Event::getEvaluationResult)
                .filter(r -> r.getSplit() == Split.SPLIT_TEST).findFirst().orElseThrow();
        assertThat(test.getEpoch()).isEqualTo(result.outcome().bestEpoch());

        // From the run directory's CSV, independently of Kafka.
        List<String> lines = Files.readAllLines(result.runDir().resolve("test_predictions.csv"));
        int k = data.numClasses();
        int n = lines.size() - 1;
        int[] labels = new int[n];
        float[] scores = new float[n * k];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            labels[i] = Integer.parseInt(cells[0]);
            for (int j = 0; j < k; j++) {
                scores[i * k + j] = Float.parseFloat(cells[j + 1]);
            }
        }
        ClassificationReport own = ClassificationMetrics.evaluate(labels, scores, k);
        assertThat(test.getAccuracy()).isEqualTo(own.accuracy());
        assertThat(test.getPrecisionMacro()).isCloseTo(own.precisionMacro(), within(1e-12));
        assertThat(test.getRecallMacro()).isCloseTo(own.recallMacro(), within(1e-12));
        assertThat(test.getF1Macro()).isCloseTo(own.f1Macro(), within(1e-12));
        assertThat(test.getRocAucMacro()).isCloseTo(own.rocAucMacro(), within(1e-12));
        assertThat(test.getPrAucMacro()).isCloseTo(own.prAucMacro(), within(1e-12));
        assertThat(test.getConfusionList()).containsExactlyElementsOf(
                java.util.Arrays.stream(own.confusion()).boxed().toList());
        assertThat(test.getAccuracy()).isCloseTo(result.outcome().testAccuracy(), within(1e-12));

        // Each epoch's validation evaluation agrees with the accuracy the trainer reported for it.
        for (Event epoch : byTopic.get(Topics.EPOCHS)) {
            int e = epoch.getEpochMetrics().getEpoch();
            EvaluationResult val = evaluations.stream().map(Event::getEvaluationResult)
                    .filter(r -> r.getSplit() == Split.SPLIT_VALIDATION && r.getEpoch() == e).findFirst().orElseThrow();
            assertThat(val.getAccuracy()).isCloseTo(epoch.getEpochMetrics().getValidationAccuracy(), within(1e-12));
            assertThat(val.getSampleCount()).isEqualTo(data.validation().count());
        }
        List<Predictions> validationChunks = byTopic.get(Topics.PREDICTIONS).stream().map(Event::getPredictions)
                .filter(p -> p.getSplit() == Split.SPLIT_VALIDATION).toList();
        assertThat(validationChunks).hasSize(EPOCHS);
    }

    @Test
    @DisplayName("evaluate re-computes every stored split and finds the evaluator's numbers unchanged")
    void evaluateCommand() throws IOException {
        Path out = runsDir.resolve("reevaluation.json");
        assertThat(Gradstream.run("evaluate", result.runId(), "--split", "all", "--bootstrap-servers",
                stack.bootstrapServers(), "--metrics-port", "0", "--output", out.toString())).isEqualTo(ExitCodes.OK);
        io.vertx.core.json.JsonArray results = new io.vertx.core.json.JsonObject(Files.readString(out))
                .getJsonArray("results");
        assertThat(results).hasSize(EPOCHS + 1);
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.getJsonObject(i).getBoolean("matches_stored")).as("split %d", i).isTrue();
        }
    }

    @Test
    @DisplayName("replay re-publishes the run under a new run id, and the evaluator evaluates it again")
    void replayCommand() throws Exception {
        assertThat(Gradstream.run("replay", result.runId(), "--bootstrap-servers", stack.bootstrapServers(),
                "--metrics-port", "0")).isEqualTo(ExitCodes.OK);
        String replayed = result.runId() + "-replay-1";
        EvaluationResult test = stack.awaitTest(replayed);
        assertThat(test.getAccuracy()).isEqualTo(result.test().getAccuracy());
        List<Event> batches = StoredEvents.read(new KafkaClients(stack.bootstrapServers(), Map.of()),
                List.of(Topics.BATCHES), replayed::equals);
        assertThat(batches).hasSize(byTopic.get(Topics.BATCHES).size());
    }

    @Test
    @DisplayName("the monitor serves the run's series in Prometheus format at /metrics")
    void metricsEndpoint() throws Exception {
        String run = "run=\"" + result.runId() + "\"";
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !body.contains("gradstream_eval_accuracy_ratio{")) {
            body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.metricsPort() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Thread.sleep(200);
        }
        assertThat(body).contains("gradstream_loss{").contains(run).contains("split=\"validation\"")
                .contains("gradstream_gradient_l2_norm{").contains("layer=\"2\"")
                .contains("gradstream_eval_roc_auc_ratio{").contains("gradstream_batches_total{")
                .contains("jvm_memory_used_bytes").contains("kafka_consumer_");
        assertThat(body).containsPattern("gradstream_epoch\\{[^}]*" + java.util.regex.Pattern.quote(run)
                + "[^}]*\\} 3\\.0");
    }
}
