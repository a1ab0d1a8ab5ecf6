package dev.gradstream.trainer;

import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.training.RunOutcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * Trains one run of one backend as a Vert.x service ({@link RunExecution} wires the run). The training runs
 * on a thread of its own, never on the event loop; its events go to Kafka through an idempotent producer,
 * its files to the run directory.
 * {@link #outcome()} completes when the run has ended and every event is acknowledged. A run that fails
 * by an exception (e.g. an event not delivered within the producer's delivery time-out) still leaves a
 * failed {@code outcome.json} with the reason. Stopping never blocks the event loop.
 */
public final class TrainerVerticle extends VerticleBase {

    /** Longest a stop waits for the training thread: a batch, or a send blocked on a full buffer (60 s). */
    private static final long STOP_TIMEOUT_MS = 90_000;

    private final TrainingJob job;
    private final KafkaClients clients;
    private final Promise<RunOutcome> outcome = Promise.promise();
    private EventPublisher publisher;
    private RunExecution execution;
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
        Backends.byName(job.backend()); // an unknown backend fails the deployment, before any event
        publisher = new EventPublisher(clients.producer("trainer-" + job.backend() + "-" + job.runId()));
        TrainingJob.Resume resume = job.resume();
        RunChannel channel = new RunChannel(publisher, job.runId(), EventEnums.backend(job.backend()),
                EventEnums.task(job.task()), resume == null ? 0 : resume.saved().nextSequence());
        if (resume != null) {
            channel.suppressThrough(resume.publishedThrough());
        }
        execution = new RunExecution(job, channel, List.of());
        thread = new Thread(this::train, "trainer-" + job.backend() + "-" + job.task().name());
        thread.start();
        return Future.succeededFuture();
    }

    private void train() {
        try {
            outcome.complete(execution.run());
        } catch (RuntimeException e) {
            outcome.fail(e instanceof RunExecution.Failed f ? f.getCause() : e);
        }
    }

    /**
     * Asks the run to stop after its current batch, then waits for it and closes the producer (within
     * {@link dev.gradstream.bus.KafkaClients#CLOSE_TIMEOUT}) on a worker thread, never the event loop.
     */
    @Override
    public Future<?> stop() {
        if (execution != null) {
            execution.requestStop();
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

}
