package dev.gradstream.launcher;

import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.Task;
import dev.gradstream.monitor.MonitorSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gradstream loadgen}: a synthetic trainer. Publishes valid v1 event streams ({@link SyntheticRun})
 * for R concurrent runs at a chosen rate without training, to the in-process broker or a cluster, and
 * reports how far publishing fell behind schedule. With {@code --services}, it also runs those consumers in
 * this process and reports their latency, lag and throughput, the /metrics size, the heap and the broker's
 * disk: the figures of the README's capacity table.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
        description = "Publish synthetic runs' events at a chosen rate (no training) and report lag and latency.")
final class LoadgenCommand implements Callable<Integer> {

    /** Longest a send may block on a full producer buffer before the event counts as not delivered. */
    static final int MAX_BLOCK_MS = 5_000;

    @Mixin
    BusOptions bus;

    @Option(names = "--runs", defaultValue = "10", description = "Concurrent runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--rate", defaultValue = "2000",
            description = "Events per second, all runs together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60",
            description = "Seconds to publish at most; runs not done by then end as failed (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--layers", defaultValue = "4", description = "Layers per batch event (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--classes", defaultValue = "10", description = "Classes K (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--samples", defaultValue = "1000",
            description = "Validation and test samples N per run (default: ${DEFAULT-VALUE}).")
    int samples;

    @Mixin
    EpochsOption epochs = new EpochsOption(3);

    @Option(names = "--batches", defaultValue = "50", description = "Batches per epoch (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--services", split = ",", defaultValue = "",
            description = "Consumers to run in this process and measure: evaluator, monitor, liveview (default: none).")
    List<String> services;

    @Option(names = "--drain", defaultValue = "60",
            description = "Seconds to wait for the in-process consumers to catch up (default: ${DEFAULT-VALUE}).")
    double drain;

    @Override
    public Integer call() throws Exception {
        if (!(rate > 0) || !(duration > 0) || runs < 1 || runs > 100_000 || !(drain >= 0)) {
            throw new IllegalArgumentException("--rate and --duration must be positive, --runs in [1, 100000] and "
                    + "--drain at least 0; got rate " + rate + ", duration " + duration + ", runs " + runs);
        }
        SyntheticRun.Shape shape = new SyntheticRun.Shape(layers, classes, samples, epochs.count, batches);
        Set<Stack.Service> chosen = Stack.services(services.stream().filter(s -> !s.isBlank()).toList());
        PrintStream out = System.out;
        Path tempKafka = null;
        if (bus.bootstrapServers == null && bus.kafkaDir == null) {
            tempKafka = Files.createTempDirectory("gradstream-loadgen-");
            bus.kafkaDir = tempKafka;
        }
        String session = "loadgen-" + UUID.randomUUID().toString().substring(0, 8);
        MonitorSettings monitor = MonitorSettings.defaults().withGroup(MonitorSettings.DEFAULT_GROUP + "-" + session);
        try (Stack stack = Stack.start(bus, monitor, chosen, out)) {
            out.printf(Locale.ROOT, "loadgen: %d runs x %d events (%d epochs x (%d batches + epoch + %d prediction "
                            + "chunks) + test + start/finish), %d in all, at %.0f events/s for at most %.0f s%n",
                    runs, shape.eventsPerRun(), epochs.count, batches, shape.chunks(), runs * shape.eventsPerRun(), rate,
                    duration);
            Sampler sampler = chosen.isEmpty() ? null : new Sampler(stack.metricsPort());
            LoadSchedule.Result sent = publish(stack, session, shape, out);
            if (sampler != null) {
                sampler.drainAndReport(sent, out);
            }
            if (tempKafka != null) {
                long bytes = directorySize(tempKafka);
                out.printf(Locale.ROOT, "kafka disk: %.1f MB in all, %.1f KB per run-epoch%n", bytes / 1e6,
                        bytes / 1e3 / ((double) runs * epochs.count));
            }
            return sent.failure() == null ? ExitCodes.OK : ExitCodes.BUS_ERROR;
        } finally {
            if (tempKafka != null) {
                deleteTree(tempKafka);
            }
        }
    }

    /** Publishes every run on a thread of its own, bounded by --duration plus time to flush. */
    private LoadSchedule.Result publish(Stack stack, String session, SyntheticRun.Shape shape, PrintStream out)
            throws InterruptedException {
        KafkaProducer<String, byte[]> producer = stack.clients().producer(session,
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS));
        for (String topic : List.of(Topics.RUNS, Topics.BATCHES, Topics.EPOCHS, Topics.PREDICTIONS)) {
            producer.partitionsFor(topic); // fetch metadata now, not on the schedule's clock
        }
        EventPublisher publisher = new EventPublisher(producer);
        Predictions[] chunks = SyntheticRun.chunks(shape);
        List<SyntheticRun> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            RunChannel channel = new RunChannel(publisher, String.format(Locale.ROOT, "%s-r%05d-classify-scratch",
                    session, i), Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, 0);
            all.add(new SyntheticRun(channel.runId(), shape, chunks, channel::emit));
        }
        long durationNanos = (long) (duration * 1e9);
        AtomicReference<LoadSchedule.Result> result = new AtomicReference<>();
        AtomicReference<String> flushFailure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            result.set(LoadSchedule.run(all, shape.eventsPerRun(), rate, durationNanos));
            try {
                publisher.flush();
            } catch (RuntimeException e) {
                flushFailure.set(e.getMessage());
            }
        }, "loadgen");
        thread.setDaemon(true);
        thread.start();
        thread.join(durationNanos / 1_000_000 + 2L * MAX_BLOCK_MS + 10_000);
        String stuck = null;
        if (thread.isAlive()) {
            stuck = "the producer was still blocked " + (2 * MAX_BLOCK_MS + 10_000) / 1000 + " s after --duration; "
                    + "closed it, unsent events dropped";
        }
        publisher.close();
        thread.join(10_000);
        LoadSchedule.Result r = result.get();
        if (r == null) {
            r = new LoadSchedule.Result(0, 0, 0, duration, 0, 0, stuck);
        }
        String failure = r.failure() != null ? r.failure() : flushFailure.get() != null ? flushFailure.get() : stuck;
        r = new LoadSchedule.Result(r.sent(), r.due(), r.maxBehind(), r.seconds(), r.runsCompleted(), r.runsCut(),
                failure);
        out.printf(Locale.ROOT, "published %d events in %.1f s (%.0f events/s), %d acknowledged; runs: %d completed, "
                        + "%d cut at --duration; behind schedule: %d at most, %d at the end%n",
                r.sent(), r.seconds(), r.sent() / Math.max(1e-9, r.seconds()), publisher.acknowledged(),
                r.runsCompleted(), r.runsCut(), r.maxBehind(), r.behindAtEnd());
        if (r.failure() != null) {
            out.println("NOT DELIVERED: " + r.failure());
        }
        return r;
    }

    /** Scrapes this process's /metrics while the consumers catch up, then prints their figures. */
    private final class Sampler {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI uri;
        private final long start = System.nanoTime();

        Sampler(int port) {
            this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        }

        String scrape() {
            try {
                return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new UncheckedIOException("scraping " + uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted scraping " + uri);
            }
        }

        void drainAndReport(LoadSchedule.Result sent, PrintStream out) throws InterruptedException {
            long until = System.nanoTime() + (long) (drain * 1e9);
            ConsumerFigures last = ConsumerFigures.parse(scrape());
            // Each loop's figures as of the scrape that first showed its final count: its latency percentiles
            // cover only the last minute, so a loop that finished long before the others would show none.
            Map<String, ConsumerFigures.Loop> settled = new java.util.LinkedHashMap<>(last.loops);
            double caughtUp = Double.NaN;
            while (System.nanoTime() < until) {
                Thread.sleep(1000);
                ConsumerFigures now = ConsumerFigures.parse(scrape());
                boolean still = now.totalHandled() == last.totalHandled();
                for (Map.Entry<String, ConsumerFigures.Loop> e : now.loops.entrySet()) {
                    ConsumerFigures.Loop before = last.loops.get(e.getKey());
                    if (before == null || before.handled() != e.getValue().handled()) {
                        settled.put(e.getKey(), e.getValue());
                    }
                }
                last = now;
                if (still && now.totalLag() == 0) {
                    caughtUp = (System.nanoTime() - start) / 1e9 - 1;
                    break;
                }
            }
            double seconds = Double.isNaN(caughtUp) ? (System.nanoTime() - start) / 1e9 : caughtUp;
            out.printf(Locale.ROOT, "consumers %s %.1f s after the first event (publishing took %.1f s)%n",
                    Double.isNaN(caughtUp) ? "had NOT caught up" : "caught up", seconds, sent.seconds());
            for (Map.Entry<String, ConsumerFigures.Loop> e : last.loops.entrySet()) {
                ConsumerFigures.Loop l = settled.getOrDefault(e.getKey(), e.getValue());
                out.printf(Locale.ROOT, "  %-12s handled %9.0f (%7.0f/s)  latency p50 %6.0f ms  p99 %6.0f ms  "
                                + "max %6.0f ms  lag %.0f%n", e.getKey(), l.handled(), l.handled() / seconds,
                        l.p50() * 1e3, l.p99() * 1e3, l.max() * 1e3, l.lag());
            }
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            out.printf(Locale.ROOT, "/metrics: %d series, %.1f KB; heap after GC %.1f MB (broker, services and "
                    + "loadgen in this JVM)%n", last.series, last.bytes / 1e3, heap / 1e6);
        }
    }

    /** Bytes of the Kafka log segments under {@code dir}. */
    static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            // Only the segments: index files are preallocated (sparse), their size says nothing.
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: leave what could not be removed
        }
    }
}
