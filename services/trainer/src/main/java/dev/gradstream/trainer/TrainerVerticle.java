package dev.gradstream.trainer;

import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.model.Backend;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.training.CompositeListener;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.core.training.TrainingLoop;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one run of one backend. The training loop runs on a thread of its own, never on the event
 * loop; its events go to Kafka through an idempotent producer, its files to the run directory.
 * {@link #outcome()} completes when the run has ended and every event is acknowledged. A run that fails
 * by an exception (e.g. an event not delivered within the producer's delivery time-out) still leaves a
 * failed {@code outcome.json} with the reason. Stopping never blocks the event loop.
 */
public final class TrainerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerVerticle.class);
    /** Longest a stop waits for the training thread: a batch, or a send blocked on a full buffer (60 s). */
    private static final long STOP_TIMEOUT_MS = 90_000;

    private final TrainingJob job;
    private final KafkaClients clients;
    private final Promise<RunOutcome> outcome = Promise.promise();
    private EventPublisher publisher;
    private EventPublishingListener publishing;
    private RunDirectoryListener runDirectory;
    private TrainingLoop loop;
    private Thread thread;

    public TrainerVerticle(TrainingJob job, KafkaClients clients) {
        this.job = job;
        this.clients = clients;
    }

    /** Completes with the run's outcome once it ended and its events are in Kafka; fails if it could not run. */
    public Future<RunOutcome> outcome() {
        return outcome.future();
    }

    @Override
    public Future<?> start() {
        Backend backend = Backends.byName(job.backend());
        publisher = new EventPublisher(clients.producer("trainer-" + job.backend() + "-" + job.runId()));
        TrainingJob.Resume resume = job.resume();
        RunChannel channel = new RunChannel(publisher, job.runId(), EventEnums.backend(job.backend()),
                EventEnums.task(job.task()), resume == null ? 0 : resume.saved().nextSequence());
        if (resume != null) {
            channel.suppressThrough(resume.publishedThrough());
        }
        Map<String, String> versions = versions(job.backend());
        List<TrainingListener> listeners = new ArrayList<>();
        runDirectory = new RunDirectoryListener(job.runDir(), job.runId(), job.backend(), job.task(), job.dataDir(),
                versions);
        listeners.add(runDirectory);
        publishing = new EventPublishingListener(channel, job.task(), versions);
        listeners.add(publishing);
        listeners.add(new ResumeStore(job.runDir(), channel));
        if (job.progress() != null) {
            listeners.add(new ConsoleProgress(job.progress(), job.backend() + "/" + job.task().name()));
        }
        thread = new Thread(() -> train(backend, channel, new CompositeListener(listeners)),
                "trainer-" + job.backend() + "-" + job.task().name());
        thread.start();
        return Future.succeededFuture();
    }

    private void train(Backend backend, RunChannel channel, TrainingListener listener) {
        TrainingJob.Resume resume = job.resume();
        try (Model model = job.task().create(backend, job.config().hidden(), job.data().features(),
                job.data().numClasses(), job.config().precision(), job.config().seed())) {
            if (resume != null) {
                model.restoreState(resume.saved().parameters(), resume.saved().velocities());
            }
            loop = new TrainingLoop(model, job.data(), job.config(), listener,
                    job.runDir().resolve(RunDirectoryListener.CHECKPOINT), resume == null ? null : resume.saved().point());
            RunOutcome result = loop.run();
            outcome.complete(result);
        } catch (RuntimeException e) {
            LOG.error("run {} ({}) failed: {}", job.runId(), job.backend(), e.getMessage(), e);
            if (!publishing.runFinishedSent()) {
                tryPublishFailure(channel, e);
            }
            tryWriteFailure(e);
            outcome.fail(e);
        }
    }

    /** Best effort: if the bus still works, say that the run failed and why. */
    private static void tryPublishFailure(RunChannel channel, RuntimeException cause) {
        try {
            channel.emit(Event.newBuilder().setRunFinished(RunFinished.newBuilder()
                    .setStatus(RunStatus.RUN_STATUS_FAILED)
                    .setReason(String.valueOf(cause.getMessage()))));
            channel.flush();
        } catch (RuntimeException ignored) {
            // The bus itself is what failed; the outcome future carries the cause.
        }
    }

    /** Best effort: the run directory says the run failed and why, even when Kafka does not. */
    private void tryWriteFailure(RuntimeException cause) {
        try {
            runDirectory.onRunFailed(String.valueOf(cause.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("run {}: could not write {}: {}", job.runId(), RunDirectoryListener.OUTCOME, e.getMessage());
        }
    }

    /**
     * Asks the run to stop after its current batch, then waits for it and closes the producer (within
     * {@link dev.gradstream.bus.KafkaClients#CLOSE_TIMEOUT}) on a worker thread, never the event loop.
     */
    @Override
    public Future<?> stop() {
        if (loop != null) {
            loop.requestStop();
        }
        return vertx.executeBlocking(() -> {
            if (thread != null) {
                thread.join(STOP_TIMEOUT_MS);
            }
            if (publisher != null) {
                publisher.close();
            }
            return null;
        });
    }

    /** Versions recorded with every run. */
    public static Map<String, String> versions(String backend) {
        Map<String, String> v = new LinkedHashMap<>();
        String own = TrainerVerticle.class.getPackage().getImplementationVersion();
        v.put("gradstream", own == null ? "dev" : own);
        v.put("java", System.getProperty("java.version"));
        v.put("backend", backend);
        return v;
    }
}
