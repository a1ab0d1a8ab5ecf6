package dev.gradstream.liveview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.events.v1.Backend;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The live page in headless Chromium against a live view on the real in-process broker: every chart of a
 * known run has every point, bad values are gaps named in the tables, HTML in a run id stays text, 200,000
 * batch points arrive live with the frame times measured, and the page reconnects after a server restart.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The live page, in a browser")
class LiveViewBrowserTest {

    static final int BIG_EPOCHS = 100;
    static final int BIG_BATCHES_PER_EPOCH = 2_000;
    static final int BIG_LAYERS = 4;

    private EmbeddedKafka kafka;
    private KafkaClients clients;
    private Vertx vertx;
    private String deployment;
    private int port;
    private ChromeDriver browser;
    private final Path screenshots = Path.of("target", "browser");

    @BeforeAll
    void start() throws Exception {
        if (!HeadlessChromium.available()) {
            throw new IllegalStateException("these tests need Debian's chromium and chromium-driver "
                    + "(/usr/bin/chromium, /usr/bin/chromedriver): run bash .ci/browser.sh");
        }
        kafka = EmbeddedKafka.start();
        clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
        TopicSetup.ensureTopics(clients, 1, (short) 1);
        vertx = Vertx.vertx();
        port = deploy(0);
        browser = HeadlessChromium.start(1400, 1800);
        Files.createDirectories(screenshots);
        browser.get("http://127.0.0.1:" + port + "/");
        waitFor(() -> status().startsWith("connected"), 20);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("draws every point of a known run in every chart, NaN and infinity as gaps named in the tables")
    void knownRun() throws Exception {
        try (EventPublisher publisher = new EventPublisher(clients.producer("known"))) {
            KnownRuns.publishComparison(publisher, "K-classify-compare");
            KnownRuns.publish(publisher, "K-classify-scratch", Backend.BACKEND_SCRATCH, 3, 10, 3, s -> 2.0 / s, e -> 1.0 / e);
            KnownRuns.publish(publisher, "K-classify-nd4j", Backend.BACKEND_ND4J, 3, 10, 3,
                    s -> s == 15 || s == 30 ? Double.NaN : 2.0 / s, e -> e == 3 ? Double.POSITIVE_INFINITY : 1.0 / e);
        }
        // 2 runs x 3 epochs x train and validation (one infinite); 2 x 30 batches (two NaN); 3 layers each.
        Map<String, Long> expected = Map.of("loss", 11L, "accuracy", 12L, "batches", 58L, "norms", 180L, "ratios", 180L,
                "confusion", 18L, "classes", 6L, "comparison", 8L);
        waitFor(() -> "K-classify".equals(js("return gradstreamLive.group")) && points().equals(expected), 30);
        String nd4jRow = (String) js("return [...document.querySelectorAll('#runs tbody tr')]"
                + ".find(tr => tr.cells[1].textContent === 'nd4j').innerText");
        assertThat(nd4jRow).contains("NaN").contains("Infinity");
        // the NaN of step 15 is a null (a gap, not spanned) in the data uPlot draws
        assertThat(js("const u = gradstreamLive.chart('batches'); const i = u.data[0].indexOf(15);"
                + " return [u.data[2][i], u.data[1][i], u.series[2].spanGaps]"))
                .isEqualTo(java.util.Arrays.asList(null, 2.0 / 15, false));
        assertThat(js("return document.querySelectorAll('#evaluations b').length")).isEqualTo(0L);
        assertThat((String) js("return document.getElementById('evaluations').innerText")).contains("<b>hand</b>");
        Files.write(screenshots.resolve("live-known.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(2)
    @DisplayName("syncs the cursor across the step charts, zooms with the wheel, pans, resets, and toggles series from the legend")
    void interactions() {
        // the cursor on the mini-batch loss chart at step 20 moves the cursors of the norm and ratio charts to step 20
        @SuppressWarnings("unchecked")
        java.util.List<Object> synced = (java.util.List<Object>) js("const b = gradstreamLive.chart('batches');"
                + " b.setCursor({left: b.valToPos(20, 'x'), top: 20}, true, true);"
                + " return [b.cursor.idx, gradstreamLive.chart('norms').cursor.idx, gradstreamLive.chart('ratios').cursor.idx,"
                + " b.data[0][b.cursor.idx]]");
        assertThat(synced).containsExactly(19L, 19L, 19L, 20L);
        // uPlot applies a new scale in a microtask: each step is a script of its own, read by the next
        js("const u = gradstreamLive.chart('norms'); u.setCursor({left: u.valToPos(15, 'x'), top: 20});"
                + " u.over.dispatchEvent(new WheelEvent('wheel', {deltaY: -100, bubbles: true, cancelable: true}));");
        java.util.List<Number> zoomed = new java.util.ArrayList<>(xRange("norms"));
        js("const u = gradstreamLive.chart('norms'), r = u.over.getBoundingClientRect(), y = r.top + 20;"
                + " u.over.dispatchEvent(new MouseEvent('mousedown', {button: 0, shiftKey: true, clientX: r.left + 200, clientY: y, bubbles: true}));"
                + " document.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + 100, clientY: y, bubbles: true}));"
                + " document.dispatchEvent(new MouseEvent('mouseup', {clientX: r.left + 100, clientY: y, bubbles: true}));");
        zoomed.addAll(xRange("norms"));
        js("gradstreamLive.chart('norms').over.dispatchEvent(new MouseEvent('dblclick', {button: 0, bubbles: true}));");
        zoomed.addAll(xRange("norms"));
        double zoomMin = zoomed.get(0).doubleValue(), zoomMax = zoomed.get(1).doubleValue();
        assertThat(zoomMax - zoomMin).as("wheel zoom around step 15").isCloseTo(0.75 * 29, org.assertj.core.data.Offset.offset(0.5));
        assertThat(zoomMin).isLessThan(15).isGreaterThan(1);
        assertThat(zoomed.get(2).doubleValue()).as("panned right by 100 px").isGreaterThan(zoomMin + 1);
        assertThat(zoomed.get(3).doubleValue() - zoomed.get(2).doubleValue()).isCloseTo(zoomMax - zoomMin,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(zoomed.subList(4, 6).stream().map(Number::doubleValue).toList()).as("double click shows everything")
                .containsExactly(1.0, 30.0);
        assertThat(js("const u = gradstreamLive.chart('loss'); u.root.querySelectorAll('.u-legend .u-series')[1].querySelector('.u-label').click();"
                + " return u.series[1].show")).isEqualTo(false);
        js("gradstreamLive.chart('loss').root.querySelectorAll('.u-legend .u-series')[1].querySelector('.u-label').click()");
    }

    @Test
    @Order(3)
    @DisplayName("shows a run id holding HTML as text, and ignores an unknown event type without breaking")
    void badInput() throws Exception {
        String runId = "<img src=x onerror=\"window.pwned=1\">-classify-scratch";
        try (EventPublisher publisher = new EventPublisher(clients.producer("html"))) {
            KnownRuns.publish(publisher, runId, Backend.BACKEND_SCRATCH, 1, 2, 2, s -> 1.0, e -> 1.0);
        }
        String group = "<img src=x onerror=\"window.pwned=1\">-classify";
        waitFor(() -> Boolean.TRUE.equals(js("return [...document.getElementById('group').options]"
                + ".some(o => o.textContent === arguments[0])", group)), 30);
        js("document.getElementById('follow').checked = false; const s = document.getElementById('group');"
                + " s.value = arguments[0]; s.dispatchEvent(new Event('change'));", group);
        waitFor(() -> runId.equals(js("const c = document.querySelector('#runs tbody td'); return c && c.textContent")), 10);
        assertThat(js("return document.querySelectorAll('img').length")).isEqualTo(0L);
        assertThat(js("return window.pwned === undefined")).isEqualTo(true);

        long ignored = (Long) js("return gradstreamLive.ignored");
        assertThat(js("return gradstreamLive.accept({type: 'mystery', run: 'x', group: 'x', seq: 1})")).isEqualTo(false);
        assertThat(js("return gradstreamLive.accept(null)")).isEqualTo(false);
        assertThat((Long) js("return gradstreamLive.ignored")).isEqualTo(ignored + 2);
        assertThat(js("return [...document.getElementById('group').options].some(o => o.value === 'x')")).isEqualTo(false);
        waitFor(() -> points().get("batches") == 2L, 10);
    }

    @Test
    @Order(4)
    @DisplayName("keeps up with a live run of 200,000 mini-batches, drawing every point, and says how long its frames take")
    void keepsUpWithALongRun() throws Exception {
        js("document.getElementById('follow').checked = true; document.getElementById('follow')"
                + ".dispatchEvent(new Event('change')); gradstreamLive.perf.reset();");
        long total = (long) BIG_EPOCHS * BIG_BATCHES_PER_EPOCH;
        long start = System.nanoTime();
        try (EventPublisher publisher = new EventPublisher(clients.producer("big"))) {
            KnownRuns.publish(publisher, "big-classify-scratch", Backend.BACKEND_SCRATCH, BIG_EPOCHS,
                    BIG_BATCHES_PER_EPOCH, BIG_LAYERS, s -> 2.0 / Math.sqrt(s), e -> 1.0 / e);
        }
        double published = (System.nanoTime() - start) / 1e9;
        waitFor(() -> "big-classify".equals(js("return gradstreamLive.group")) && points().get("batches") == total, 300);
        double drawn = (System.nanoTime() - start) / 1e9;
        Map<String, Long> points = points();
        assertThat(points.get("norms")).isEqualTo(total * BIG_LAYERS);
        assertThat(points.get("ratios")).isEqualTo(total * BIG_LAYERS);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Number>> perf = (Map<String, Map<String, Number>>) js("return gradstreamLive.perf.stats()");
        double redraw = ((Number) js("return gradstreamLive.redraw()")).doubleValue();
        Map<String, Number> frames = perf.get("frames");
        Map<String, Number> renders = perf.get("renders");
        System.out.printf("live page, %,d batch points (x %d layers x 2 charts more): published in %.1f s, all drawn "
                        + "%.1f s after the first was sent; frame interval p50 %.1f ms, p95 %.1f ms, max %.1f ms over "
                        + "%d frames; redraw (setData to uPlot's draw, all charts) p50 %.1f ms, p95 %.1f ms, max %.1f ms "
                        + "over %d redraws; a full redraw at %,d points: %.1f ms%n", total, BIG_LAYERS, published, drawn,
                frames.get("p50").doubleValue(), frames.get("p95").doubleValue(), frames.get("max").doubleValue(),
                frames.get("n").intValue(), renders.get("p50").doubleValue(), renders.get("p95").doubleValue(),
                renders.get("max").doubleValue(), renders.get("n").intValue(), total, redraw);
        // Responsive: half the frames within 50 ms while 200,000 points arrive, and the full redraw within a second.
        assertThat(frames.get("p50").doubleValue()).isLessThan(50);
        assertThat(redraw).isLessThan(1_000);
        Files.write(screenshots.resolve("live-200k.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(5)
    @DisplayName("reconnects after the server restarts, keeps what it drew, and draws the runs that follow")
    void reconnects() throws Exception {
        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        waitFor(() -> status().startsWith("disconnected"), 20);
        assertThat(deploy(port)).isEqualTo(port);
        waitFor(() -> status().startsWith("connected"), 30);
        try (EventPublisher publisher = new EventPublisher(clients.producer("after"))) {
            KnownRuns.publish(publisher, "after-classify-scratch", Backend.BACKEND_SCRATCH, 2, 5, 2, s -> 1.0 / s, e -> 0.5);
        }
        waitFor(() -> "after-classify".equals(js("return gradstreamLive.group")) && points().get("batches") == 10L, 120);
        js("document.getElementById('follow').checked = false; const s = document.getElementById('group');"
                + " s.value = 'big-classify'; s.dispatchEvent(new Event('change'));");
        waitFor(() -> "big-classify".equals(js("return gradstreamLive.group"))
                && points().get("batches") == (long) BIG_EPOCHS * BIG_BATCHES_PER_EPOCH, 30);
    }

    @SuppressWarnings("unchecked")
    private java.util.List<Number> xRange(String chart) {
        return (java.util.List<Number>) js("const u = gradstreamLive.chart(arguments[0]); return [u.scales.x.min, u.scales.x.max]",
                chart);
    }

    private int deploy(int onPort) throws Exception {
        LiveViewVerticle live = new LiveViewVerticle(clients, "127.0.0.1", onPort);
        deployment = vertx.deployVerticle(live).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return live.actualPort();
    }

    private String status() {
        return (String) js("return document.getElementById('status').textContent");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> points() {
        return (Map<String, Long>) js("return gradstreamLive.points");
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }
}
