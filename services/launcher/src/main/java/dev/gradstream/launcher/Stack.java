package dev.gradstream.launcher;

import dev.gradstream.bus.BusException;
import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.monitor.MonitorSettings;
import dev.gradstream.trainer.EventEnums;
import dev.gradstream.trainer.FirstIterationComparison;
import dev.gradstream.trainer.TrainerVerticle;
import dev.gradstream.trainer.TrainingJob;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything one process runs: the broker (in-process unless a cluster was named), the evaluator and
 * monitor services, and trainers on demand, all on one Vert.x instance.
 */
final class Stack implements AutoCloseable {

    /** How long to wait for the evaluator's test result after a run has ended. */
    private static final long EVALUATION_TIMEOUT_SECONDS = 120;

    private final EmbeddedKafka embedded;
    private final KafkaClients clients;
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final int metricsPort;
    private final EvaluationWatcher watcher;
    /** The live page beside /metrics, or null when its port was taken. */
    private dev.gradstream.liveview.LiveViewVerticle liveView;

    private Stack(EmbeddedKafka embedded, KafkaClients clients, Vertx vertx, PrometheusMeterRegistry registry,
                  int metricsPort, EvaluationWatcher watcher) {
        this.embedded = embedded;
        this.clients = clients;
        this.vertx = vertx;
        this.registry = registry;
        this.metricsPort = metricsPort;
        this.watcher = watcher;
    }

    /** In-process services a stack can run beside its trainers. */
    enum Service { EVALUATOR, MONITOR, LIVEVIEW }

    /** The services named (evaluator, monitor, liveview); an unknown name is refused, naming the choices. */
    static java.util.Set<Service> services(List<String> names) {
        java.util.Set<Service> out = java.util.EnumSet.noneOf(Service.class);
        for (String name : names) {
            try {
                out.add(Service.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown service '" + name + "' in --services; available: "
                        + "evaluator, monitor, liveview");
            }
        }
        return out;
    }

    /** Starts the broker (if needed), creates the topics and deploys the evaluator, the monitor and the live view. */
    static Stack start(BusOptions options, PrintStream out) {
        return start(options, MonitorSettings.defaults(), java.util.EnumSet.allOf(Service.class), out);
    }

    /**
     * Starts the broker (if no cluster was named), creates the topics and deploys the chosen services. Without
     * a monitor, the metrics port still answers /health and /metrics (this JVM), and the live view keeps the
     * port after it; with no service at all, nothing listens (a command that only reads Kafka).
     */
    static Stack start(BusOptions options, MonitorSettings monitorSettings, java.util.Set<Service> services,
                       PrintStream out) {
        EmbeddedKafka embedded = options.startBrokerUnlessCluster(out);
        KafkaClients clients = options.clients(embedded);
        Vertx vertx = null;
        try {
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            vertx = Vertx.vertx();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ServiceDeployment deployed = ServiceDeployment.deploy(vertx, clients, registry, options, monitorSettings,
                    services);
            int metricsPort = deployed.port(); // -1 for the broker alone: a command that only reads what Kafka holds
            if (deployed.monitor() != null) {
                out.printf("metrics: http://%s:%d/metrics%s%n", options.metricsHost, metricsPort,
                        monitorSettings.remoteWrite() == null ? "" : " (and every point to " + monitorSettings.remoteWrite() + ")");
            } else if (metricsPort >= 0) {
                out.printf("health: http://%s:%d/health%n", options.metricsHost, metricsPort);
            }
            Stack stack = new Stack(embedded, clients, vertx, registry, metricsPort, new EvaluationWatcher(clients));
            if (services.contains(Service.LIVEVIEW)) {
                stack.liveView = LiveViews.deploy(vertx, clients, options.metricsHost, options.metricsPort, out);
                if (stack.liveView != null) {
                    ServiceMeters.bind(registry, stack.liveView);
                }
            }
            return stack;
        } catch (RuntimeException e) {
            if (vertx != null) {
                vertx.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    int metricsPort() {
        return metricsPort;
    }

    /** The live view's port, or -1 when it did not start. */
    int livePort() {
        return liveView == null ? -1 : liveView.actualPort();
    }

    KafkaClients clients() {
        return clients;
    }

    String bootstrapServers() {
        return clients.bootstrapServers();
    }

    /** The precisions of the first-iteration gradient comparison. */
    static final List<Precision> COMPARED = List.of(Precision.FLOAT32, Precision.FLOAT64);

    /** Trains one run per backend side by side and waits for each run's test evaluation. */
    List<RunResult> train(TaskSpec task, List<String> backends, TrainingConfig config, DataSplits data,
                          Session session, PrintStream progress) {
        requireBackends(backends);
        if (backends.size() > 1) {
            publishComparison(task, backends.get(0), backends.get(1), config.batchSize(), session,
                    FirstIterationComparison.run(backends.get(0), backends.get(1), task, config, data, COMPARED),
                    progress);
        }
        return run(jobs(task, backends, config, data, null, session, progress));
    }

    /** Fails on a misspelt backend before anything starts. */
    static void requireBackends(List<String> backends) {
        backends.forEach(Backends::byName);
    }

    /**
     * One trainer job per backend for {@code task}, recording the data folder ({@code dataDir}, null for the
     * bundled set) in each run's config.json.
     */
    static List<TrainingJob> jobs(TaskSpec task, List<String> backends, TrainingConfig config, DataSplits data,
                                  Path dataDir, Session session, PrintStream progress) {
        List<TrainingJob> jobs = new ArrayList<>();
        for (String backend : backends) {
            jobs.add(new TrainingJob(session.runId(task.name(), backend), backend, task, config, data,
                    session.runDir(task.name(), backend), progress, dataDir, null));
        }
        return jobs;
    }

    /** Trains the jobs side by side, each by a trainer verticle, and waits for their test evaluations. */
    List<RunResult> run(List<TrainingJob> jobs) {
        List<TrainerVerticle> trainers = new ArrayList<>();
        for (TrainingJob job : jobs) {
            TrainerVerticle trainer = new TrainerVerticle(job, clients);
            await(vertx.deployVerticle(trainer), "trainer " + job.backend());
            trainers.add(trainer);
        }
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < trainers.size(); i++) {
            TrainingJob job = jobs.get(i);
            RunOutcome outcome = await(trainers.get(i).outcome(), "run " + job.runId());
            EvaluationResult test = outcome.bestEpoch() > 0 ? awaitTest(job.runId()) : null;
            if (test != null) {
                writeTestMetrics(job.runDir(), test);
            }
            results.add(new RunResult(job.runId(), job.task().name(), job.backend(), job.runDir(), outcome, test));
        }
        return results;
    }

    /**
     * The first-iteration gradient comparison of {@code other} against {@code reference}, in float32 and
     * float64: published, printed and written to {@code dir}.
     */
    List<FirstIterationComparison.Result> compareGradients(TaskSpec task, String reference, String other,
                                                           TrainingConfig config, DataSplits data, String runId,
                                                           Path dir, PrintStream out) {
        List<FirstIterationComparison.Result> results = FirstIterationComparison.run(reference, other, task, config,
                data, COMPARED);
        publishComparison(runId, dir, task, reference, other, config.batchSize(), results, out);
        return results;
    }

    /** Publishes, writes and prints (unless {@code out} is null) a comparison computed for {@code session}. */
    void publishComparison(TaskSpec task, String reference, String other, int batchSize, Session session,
                           List<FirstIterationComparison.Result> results, PrintStream out) {
        publishComparison(session.runId(task.name(), "compare"), session.runDir(task.name(), "compare"), task,
                reference, other, batchSize, results, out == null ? new PrintStream(PrintStream.nullOutputStream()) : out);
    }

    private void publishComparison(String runId, Path dir, TaskSpec task, String reference, String other,
                                   int batchSize, List<FirstIterationComparison.Result> results, PrintStream out) {
        try (EventPublisher publisher = new EventPublisher(clients.producer("compare-" + runId))) {
            RunChannel channel = new RunChannel(publisher, runId, EventEnums.backend(other), EventEnums.task(task), 0);
            FirstIterationComparison.publish(channel, reference, other, batchSize, results);
        }
        FirstIterationComparison.write(dir, reference, other, results);
        FirstIterationComparison.print(out, reference, other, results);
    }

    /** Waits for the evaluator's test result of {@code runId} (also for runs this stack did not train). */
    EvaluationResult awaitTest(String runId) {
        try {
            return watcher.test(runId).get(EVALUATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new BusException("no test evaluation of run " + runId + " arrived within "
                    + EVALUATION_TIMEOUT_SECONDS + " s: is the evaluator running?");
        } catch (ExecutionException e) {
            throw new BusException("waiting for the evaluation of run " + runId + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while waiting for run " + runId);
        }
    }

    /** {@code test_metrics.json}: the evaluator's numbers for the best epoch on the test split. */
    static void writeTestMetrics(Path runDir, EvaluationResult r) {
        JsonObject json = new JsonObject()
                .put("epoch", r.getEpoch())
                .put("samples", r.getSampleCount())
                .put("accuracy", r.getAccuracy())
                .put("precision_macro", r.getPrecisionMacro())
                .put("recall_macro", r.getRecallMacro())
                .put("f1_macro", r.getF1Macro())
                .put("roc_auc_ovr_macro", r.getRocAucMacro())
                .put("pr_auc_macro", r.getPrAucMacro())
                .put("confusion", r.getConfusionList());
        try {
            Files.writeString(runDir.resolve(dev.gradstream.core.training.RunLayout.TEST_METRICS), json.encodePrettily() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + runDir.resolve(dev.gradstream.core.training.RunLayout.TEST_METRICS), e);
        }
    }

    static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(what + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what);
        }
    }

    @Override
    public void close() {
        // The watcher's consumers leave their groups while the services' do (each takes about half a second).
        CompletableFuture<Void> watcherClosed = CompletableFuture.runAsync(watcher::close);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Shutting down: nothing left to save.
        }
        watcherClosed.join();
        registry.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
