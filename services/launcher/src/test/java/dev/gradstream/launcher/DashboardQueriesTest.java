package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.monitor.MonitorSettings;
import dev.gradstream.monitor.PrometheusServer;
import dev.gradstream.sweep.SweepCoordinator;
import dev.gradstream.sweep.SweepPlan;
import dev.gradstream.sweep.SweepReport;
import dev.gradstream.sweep.SweepWorker;
import dev.gradstream.sweep.SweepWorkers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Proves the dashboards against real parts: a short real run through the in-process stack, the real
 * {@code prometheus} binary scraping its /metrics every second, and every panel's PromQL (template
 * variables substituted as Grafana would) run through Prometheus' HTTP API. A query that names a series
 * the monitor does not export, or a label it does not carry, returns nothing and fails here.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Every dashboard query returns series from Prometheus scraping a real run")
class DashboardQueriesTest {

    private static final int EPOCHS = 3;
    private static final String JOB = "gradstream-monitor";
    /** Only written when scratch and nd4j both trained the first batch from the same weights. */
    private static final String NEEDS_BOTH_BACKENDS = "gradstream_gradient_comparison_";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path dashboardsDir;
    private Path tmp;
    private Stack stack;
    private List<RunResult> results;
    private List<String> backends;
    private DataSplits data;
    private PrometheusServer prometheusServer;
    private String prometheusUrl;
    private Map<String, String> variables;
    private SweepReport sweep;

    @BeforeAll
    void trainAndScrape() throws Exception {
        dashboardsDir = findDashboards();
        tmp = Files.createTempDirectory("gradstream-dashboards-");

        BusOptions options = new BusOptions();
        options.metricsHost = "127.0.0.1";
        options.metricsPort = freePort();
        // Prometheus first: it scrapes the monitor's /metrics and receives every point by remote write.
        prometheusServer = PrometheusServer.start(tmp.resolve("prometheus"), String.join("\n",
                "  - job_name: " + JOB,
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + options.metricsPort + "']",
                ""));
        prometheusUrl = prometheusServer.url();
        stack = Stack.start(options, MonitorSettings.defaults().withRemoteWrite(prometheusServer.remoteWriteUrl()),
                java.util.EnumSet.allOf(Stack.Service.class), System.out);
        data = DataSets.load(null, 0.2, 11);
        backends = Backends.available().contains("nd4j") ? List.of("scratch", "nd4j") : List.of("scratch");
        TrainingConfig config = new TrainingConfig(new int[] {64, 32}, 0.01, 0.9, 64, EPOCHS, 11, 0.2,
                Precision.FLOAT32);
        results = stack.train(new dev.gradstream.core.training.TaskSpec.Classify(), backends, config, data, Session.create(tmp.resolve("runs")), null);
        for (RunResult r : results) {
            assertThat(r.outcome().status()).as("run %s", r.runId()).isEqualTo(RunOutcome.Status.COMPLETED);
        }

        // A tiny sweep (two configurations, one worker) for the Sweep dashboard.
        String sweepId = Session.create(tmp.resolve("runs")).id();
        SweepPlan plan = new SweepPlan(sweepId, "scratch", "classify", List.of(
                new TrainingConfig(new int[] {16}, 0.01, 0.9, 64, 2, 11, 0.2, Precision.FLOAT32),
                new TrainingConfig(new int[] {16, 16}, 0.05, 0.9, 64, 2, 11, 0.2, Precision.FLOAT32)), "", null);
        try (SweepWorkers workers = SweepWorkers.start(stack.bootstrapServers(), Map.of(), 1, tmp.resolve("runs"),
                new SweepWorker.Settings(SweepWorker.GROUP, Duration.ofSeconds(30), 5, sweepId))) {
            sweep = SweepCoordinator.run(new KafkaClients(stack.bootstrapServers(), Map.of()), plan,
                    tmp.resolve("runs").resolve(sweepId), System.out, Duration.ofMinutes(3));
        }

        String runs = String.join("|", results.stream().map(RunResult::runId).toList());
        awaitQuery("count_over_time(up{job=\"" + JOB + "\"}[1m]) >= 5", 1, "five scrapes of the monitor");
        awaitQuery("gradstream_eval_epoch{split=\"test\",run=~\"" + runs + "\"}", results.size(),
                "the test evaluation of every run");
        awaitQuery("gradstream_sweep_best_validation_loss{sweep=\"" + sweepId + "\"}", 2, "both sweep results");

        variables = new LinkedHashMap<>();
        variables.put("run", "(" + runs + ")");
        variables.put("backend", "(" + String.join("|", backends) + ")");
        variables.put("task", "classify");
        variables.put("split", "(validation|test)");
        variables.put("sweep", "(" + sweepId + ")");
        variables.put("__rate_interval", "10s");
        // Wide enough to reach back to the run's remote-written points (an instant query is evaluated now).
        variables.put("__interval", "1h");
        variables.put("__interval_ms", "3600000");
        variables.put("__range", "1m");
        variables.put("__range_s", "60");
        variables.put("__range_ms", "60000");
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (prometheusServer != null) {
            prometheusServer.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (tmp != null) {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.out.println("[dashboards] could not delete " + tmp + ": " + e.getMessage());
            }
        }
    }

    @TestFactory
    @DisplayName("each target of each panel of each dashboard returns at least one series")
    Stream<DynamicTest> everyPanelTarget() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonObject dashboard = new JsonObject(Files.readString(file));
            for (JsonObject panel : panels(dashboard)) {
                JsonArray targets = panel.getJsonArray("targets", new JsonArray());
                assertThat(targets).as("%s: panel '%s' has no targets", file.getFileName(), panel.getString("title"))
                        .isNotEmpty();
                for (int i = 0; i < targets.size(); i++) {
                    JsonObject target = targets.getJsonObject(i);
                    String name = file.getFileName() + " / " + panel.getString("title") + " / "
                            + target.getString("refId");
                    tests.add(DynamicTest.dynamicTest(name, () -> assertReturnsSeries(name, target.getString("expr"))));
                }
            }
        }
        assertThat(tests).as("panel targets found under %s", dashboardsDir).hasSizeGreaterThan(20);
        return tests.stream();
    }

    @TestFactory
    @DisplayName("each run-start and run-end annotation query returns the runs, with the event time as value")
    Stream<DynamicTest> everyAnnotation() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonArray list = new JsonObject(Files.readString(file)).getJsonObject("annotations", new JsonObject())
                    .getJsonArray("list", new JsonArray());
            for (int i = 0; i < list.size(); i++) {
                JsonObject annotation = list.getJsonObject(i);
                JsonObject target = annotation.getJsonObject("target");
                if (target == null || target.getString("expr") == null) {
                    continue; // Grafana's built-in annotations
                }
                String name = file.getFileName() + " / annotation " + annotation.getString("name");
                String expr = target.getString("expr");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    JsonArray series = query(substitute(name, expr));
                    if (expr.contains("diverged|failed")) {
                        assertThat(series).as("%s: no run of this test diverged or failed", name).isEmpty();
                        return;
                    }
                    assertThat(series).as("%s: one series per run", name).hasSize(results.size());
                    for (Object o : series) {
                        double valueAsTime = Double.parseDouble(((JsonObject) o).getJsonArray("value").getString(1));
                        assertThat(valueAsTime).as("%s: the value is an event time in ms", name)
                                .isBetween(System.currentTimeMillis() - 3_600_000.0, (double) System.currentTimeMillis());
                    }
                }));
            }
        }
        assertThat(tests).as("annotation queries under %s", dashboardsDir).isNotEmpty();
        return tests.stream();
    }

    @TestFactory
    @DisplayName("each template variable's label_values() query lists the values of the real run")
    Stream<DynamicTest> everyTemplateVariable() throws IOException {
        Pattern labelValues = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\s*\\)");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonArray list = new JsonObject(Files.readString(file)).getJsonObject("templating").getJsonArray("list");
            for (int i = 0; i < list.size(); i++) {
                JsonObject variable = list.getJsonObject(i);
                Object query = variable.getValue("query");
                String text = query instanceof JsonObject q ? q.getString("query") : String.valueOf(query);
                String name = file.getFileName() + " / $" + variable.getString("name");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Matcher m = labelValues.matcher(text);
                    assertThat(m.matches()).as("%s: expected label_values(selector, label), got %s", name, text).isTrue();
                    JsonArray series = query(substitute(name, m.group(1)));
                    List<String> values = grafanaRegex(variable.getString("regex", ""), series.stream()
                            .map(s -> ((JsonObject) s).getJsonObject("metric").getString(m.group(2))).toList());
                    List<String> expected = switch (variable.getString("name")) {
                        case "run" -> isSweep(file) ? sweepRuns() : results.stream().map(RunResult::runId).toList();
                        case "backend" -> backends;
                        case "task" -> List.of("classify");
                        case "split" -> List.of("validation", "test");
                        case "sweep" -> List.of(sweep.sweepId());
                        default -> List.of();
                    };
                    assertThat(values).as("%s from %s", name, text).isNotEmpty().containsAll(expected);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    @DisplayName("the panels' numbers are the run's: epoch progress 1.0, confusion matrices sum to the split sizes")
    void valuesMatchTheRun() throws Exception {
        for (RunResult r : results) {
            String run = "run=\"" + r.runId() + "\"";
            assertThat(single("gradstream_epoch{" + run + "} / gradstream_epochs_max{" + run + "}")).isEqualTo(1.0);
            assertThat(single("gradstream_epoch{" + run + "}")).isEqualTo(EPOCHS);
            assertThat(single("sum(gradstream_eval_confusion{" + run + ",split=\"test\"})"))
                    .isEqualTo(data.test().count());
            assertThat(single("sum(gradstream_eval_confusion{" + run + ",split=\"validation\"})"))
                    .isEqualTo(data.validation().count());
            assertThat(single("gradstream_eval_accuracy_ratio{" + run + ",split=\"test\"}"))
                    .isCloseTo(r.outcome().testAccuracy(), within(1e-12));
            assertThat(single("gradstream_best_epoch{" + run + "}")).isEqualTo(r.outcome().bestEpoch());
        }
    }

    @Test
    @DisplayName("every epoch and every batch of each run is a point in Prometheus, by remote write")
    void everyPointIsInPrometheus() throws Exception {
        for (RunResult r : results) {
            String run = "{run=\"" + r.runId() + "\"}";
            long batches;
            try (Stream<String> lines = Files.lines(r.runDir().resolve("batches.csv"))) {
                batches = lines.count() - 1;
            }
            awaitQuery("count_over_time(gradstream_history_batch_loss" + run + "[1h]) == " + batches, 1,
                    "every batch of " + r.runId());
            assertThat(single("count_over_time(gradstream_history_epoch" + run + "[1h])")).isEqualTo(EPOCHS);
            assertThat(single("count_over_time(gradstream_history_loss{run=\"" + r.runId() + "\",split=\"validation\"}[1h])"))
                    .isEqualTo(EPOCHS);
            // Validation every epoch and test once, as the evaluator published them.
            assertThat(single("count_over_time(gradstream_history_eval_accuracy_ratio{run=\"" + r.runId()
                    + "\",split=\"validation\"}[1h])")).isEqualTo(EPOCHS);
            assertThat(single("gradstream_history_eval_accuracy_ratio{run=\"" + r.runId() + "\",split=\"test\"}"))
                    .isCloseTo(r.outcome().testAccuracy(), within(1e-12));
        }
    }

    @Test
    @DisplayName("the Sweep dashboard's numbers are the sweep's: jobs finished, best validation loss")
    void sweepValuesMatch() throws Exception {
        String sweepSelector = "sweep=\"" + sweep.sweepId() + "\"";
        assertThat(single("sum(gradstream_sweep_jobs{" + sweepSelector + "})")).isEqualTo(2);
        assertThat(single("count(count by (sweep, job_index) (gradstream_sweep_best_validation_loss{" + sweepSelector
                + "}))")).isEqualTo(2);
        assertThat(single("min(gradstream_sweep_best_validation_loss{" + sweepSelector + ",status=\"completed\"})"))
                .isEqualTo(sweep.best().orElseThrow().getBestValidationLoss());
        // The live panels' best so far, from the runs' own epochs, agrees once the runs have finished.
        assertThat(single("min(gradstream_best_validation_loss{run=~\"(" + sweep.sweepId() + ")-j[0-9]+-.+\"})"))
                .isEqualTo(sweep.best().orElseThrow().getBestValidationLoss());
    }

    /**
     * What Grafana makes of a variable's values with its regex: values that do not match are dropped; a
     * capture group, if any, becomes the value; duplicates go.
     */
    private static List<String> grafanaRegex(String regex, List<String> values) {
        if (regex.isEmpty()) {
            return values.stream().distinct().toList();
        }
        Pattern p = Pattern.compile(regex.substring(1, regex.lastIndexOf('/')));
        List<String> out = new ArrayList<>();
        for (String v : values) {
            Matcher m = p.matcher(v);
            if (m.find()) {
                out.add(m.groupCount() > 0 ? m.group(1) : m.group());
            }
        }
        return out.stream().distinct().toList();
    }

    private void assertReturnsSeries(String name, String expr) throws Exception {
        assertThat(expr).as("%s: no expr", name).isNotBlank();
        String promql = substitute(name, expr);
        JsonArray series = query(promql);
        if (series.isEmpty() && promql.contains(NEEDS_BOTH_BACKENDS) && !backends.contains("nd4j")) {
            System.out.println("[dashboards] " + name + ": no series, as expected without the nd4j backend");
            return;
        }
        assertThat(series).as("%s: no series for %s", name, promql).isNotEmpty();
    }

    /** The Sweep dashboard, whose $run lists the sweep's runs. */
    private static boolean isSweep(Path file) {
        return file.getFileName().toString().equals("sweep.json");
    }

    private List<String> sweepRuns() {
        return sweep.results().stream().map(dev.gradstream.events.v1.SweepResult::getRunId).toList();
    }

    /**
     * Replaces $var, ${var} and ${var:format} as Grafana would for the values of this run (on the Sweep
     * dashboard, $run is the sweep's runs); unknown ones fail.
     */
    private String substitute(String where, String expr) {
        Map<String, String> variables = new LinkedHashMap<>(this.variables);
        if (where.startsWith("sweep.json")) {
            variables.put("run", "(" + String.join("|", sweepRuns()) + ")");
        }
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = variables.get(name);
            if (value == null) {
                fail(where + ": unknown template variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Instant query; the result series (vector) or an assertion error with Prometheus' own message. */
    private JsonArray query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("status")).as("Prometheus on %s: %s", promql, response.body()).isEqualTo("success");
        JsonObject result = body.getJsonObject("data");
        assertThat(result.getString("resultType")).as("result type of %s", promql).isIn("vector", "matrix");
        return result.getJsonArray("result");
    }

    private double single(String promql) throws IOException, InterruptedException {
        JsonArray series = query(promql);
        assertThat(series).as("series of %s", promql).hasSize(1);
        return Double.parseDouble(series.getJsonObject(0).getJsonArray("value").getString(1));
    }

    private void awaitQuery(String promql, int minSeries, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = query(promql).size();
            if (seen >= minSeries) {
                return;
            }
            Thread.sleep(500);
        }
        fail("waited 60 s for " + what + " (" + promql + "): " + seen + " of " + minSeries + " series.\n"
                + "prometheus log:\n" + prometheusServer.logTail());
    }

    private List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(dashboardsDir)) {
            List<Path> json = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(json).as("dashboard JSON in %s", dashboardsDir).isNotEmpty();
            return json;
        }
    }

    /** Every panel that queries data, including those nested in rows. */
    private static List<JsonObject> panels(JsonObject dashboard) {
        List<JsonObject> out = new ArrayList<>();
        for (Object o : dashboard.getJsonArray("panels", new JsonArray())) {
            JsonObject panel = (JsonObject) o;
            if ("row".equals(panel.getString("type"))) {
                panel.getJsonArray("panels", new JsonArray()).forEach(p -> out.add((JsonObject) p));
            } else {
                out.add(panel);
            }
        }
        return out;
    }

    /** dashboards/grafana/dashboards of this repository, found upwards from the working directory. */
    private static Path findDashboards() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("dashboards").resolve("grafana").resolve("dashboards");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no dashboards/grafana/dashboards above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
