package dev.gradstream.launcher;

import dev.gradstream.liveview.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.report.SessionReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A short two-backend run through the real in-process broker, watched in headless Chromium: the live page
 * draws its curves while it trains (every chart ends with every epoch, batch and layer of both backends, the
 * confusion matrices and the gradient comparison), and the report it leaves opens with every chart loaded.
 * The live page's screenshot refreshes docs/live.png. Fails when Debian's chromium and chromedriver are
 * missing (.ci/browser.sh installs them).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The live view and the report, in a browser")
class BrowserEndToEndTest {

    private static final int EPOCHS = 8;
    private static final List<String> BACKENDS = List.of("scratch", "nd4j");

    private Stack stack;
    private ChromeDriver browser;
    private Session session;
    private final Path screenshots = Path.of("target", "browser");
    /** The README's screenshot of the live view, refreshed by every run of this test. */
    private static final Path DOCS_LIVE_PNG = Path.of("..", "..", "docs", "live.png");

    @BeforeAll
    void start() throws Exception {
        if (!HeadlessChromium.available()) {
            throw new IllegalStateException("these tests need Debian's chromium and chromium-driver "
                    + "(/usr/bin/chromium, /usr/bin/chromedriver): run bash .ci/browser.sh");
        }
        BusOptions options = new BusOptions();
        options.metricsHost = "127.0.0.1";
        options.metricsPort = 0;
        stack = Stack.start(options, System.out);
        browser = HeadlessChromium.start(1400, 1000);
        session = Session.create(Files.createTempDirectory("gradstream-browser-"));
        Files.createDirectories(screenshots);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("the live page's curves grow while both backends train, and end with every epoch drawn")
    void liveCurvesGrow() throws Exception {
        assertThat(stack.livePort()).isPositive();
        browser.get("http://127.0.0.1:" + stack.livePort() + "/");
        waitFor(() -> browser.findElement(org.openqa.selenium.By.id("status")).getText().startsWith("connected"), 20);

        DataSplits data = DataSets.load(null, 0.2, 11);
        TrainingConfig config = new TrainingConfig(new int[] {32}, 0.01, 0.9, 16, EPOCHS, 11, 0.2, Precision.FLOAT32);
        CompletableFuture<List<RunResult>> training = CompletableFuture.supplyAsync(
                () -> {
                    List<RunResult> results = stack.train(new TaskSpec.Classify(), BACKENDS, config, data, session, null);
                    ReportCommand.writeAfterTraining(session.dir(), System.out); // as train does at its end
                    return results;
                });

        List<Long> batchPoints = new ArrayList<>();
        List<Long> epochPoints = new ArrayList<>();
        while (!training.isDone()) {
            Map<String, Long> points = points();
            if (batchPoints.isEmpty() || !points.get("batches").equals(batchPoints.get(batchPoints.size() - 1))) {
                batchPoints.add(points.get("batches"));
                epochPoints.add(points.get("loss"));
            }
            Thread.sleep(50);
        }
        List<RunResult> results = training.get(1, TimeUnit.MINUTES);
        long expectedEpochPoints = (long) BACKENDS.size() * 2 * EPOCHS; // train and validation per backend
        int classes = data.numClasses();
        // two confusion matrices (the latest evaluation of each backend); 2 precisions x 2 layers x weight, bias
        waitFor(() -> points().get("loss") == expectedEpochPoints
                && points().get("confusion") == (long) BACKENDS.size() * classes * classes
                && points().get("comparison") == 2L * 2 * 2, 30);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 2900));
        Thread.sleep(500); // the charts keep their size; the rest of the page lays out again
        byte[] live = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve("live.png"), live);
        if (Files.isDirectory(DOCS_LIVE_PNG.getParent())) {
            Files.write(DOCS_LIVE_PNG, live);
        }

        assertThat(results).hasSize(2);
        // Read while training: strictly growing counts, several of them strictly between empty and complete.
        assertThat(batchPoints).isSorted();
        long finalBatches = points().get("batches");
        assertThat(batchPoints.stream().filter(n -> n > 0 && n < finalBatches).distinct().count())
                .as("distinct partial mini-batch curves seen during the run: %s", batchPoints).isGreaterThanOrEqualTo(2);
        assertThat(epochPoints.stream().filter(n -> n > 0 && n < expectedEpochPoints).count())
                .as("partial epoch curves seen during the run: %s", epochPoints).isGreaterThanOrEqualTo(1);
        int batchesPerEpoch = (data.train().count() + 15) / 16;
        assertThat(finalBatches).isEqualTo((long) BACKENDS.size() * EPOCHS * batchesPerEpoch);
        assertThat(points().get("accuracy")).isEqualTo(expectedEpochPoints);
        int layers = config.hidden().length + 1;
        assertThat(points().get("norms")).isEqualTo(finalBatches * layers);
        assertThat(points().get("ratios")).isEqualTo(finalBatches * layers);
        assertThat(points().get("classes")).isEqualTo((long) BACKENDS.size() * classes);
    }

    @Test
    @Order(2)
    @DisplayName("the report written at the end of training opens offline with every chart loaded")
    void reportImagesLoad() throws Exception {
        Path report = session.dir().resolve(SessionReport.FILE);
        assertThat(report).exists();
        browser.get(report.toUri().toString());
        waitFor(() -> "complete".equals(js("return document.readyState")), 20);
        @SuppressWarnings("unchecked")
        List<Long> widths = (List<Long>) js(
                "return Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)");
        // loss, accuracy and mini-batch loss; ROC, PR and confusion matrix per backend
        assertThat(widths).hasSize(3 + 3 * BACKENDS.size()).allSatisfy(w -> assertThat(w).isPositive());
        assertThat((String) js("return document.body.innerText")).contains("agrees (epoch")
                .contains("First-iteration gradient comparison");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 4200));
        Path shot = screenshots.resolve("report.png");
        Files.copy(new java.io.ByteArrayInputStream(browser.getScreenshotAs(OutputType.BYTES)), shot,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Points drawn per chart, as the page counts them after each redraw. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> points() {
        Object p = js("return window.gradstreamLive ? window.gradstreamLive.points"
                + " : {loss: 0, accuracy: 0, batches: 0, norms: 0, ratios: 0, confusion: 0, classes: 0, comparison: 0}");
        return (Map<String, Long>) p;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
