package dev.gradstream.trainer;

import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.model.Backends;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.training.CompositeListener;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.core.training.TrainingLoop;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a run is wired, whoever runs it (the trainer service, a sweep worker, resume): the model
 * of its task and backend (restored when resuming), the training loop, and the listeners that report it
 * (run directory, events, resume checkpoints, progress, and any the caller adds), then the outcome. A run
 * ends exactly once: one that fails by an exception gets a FAILED run-finished event and a failed
 * {@code outcome.json} with the reason, unless its run-finished event was already sent (a listener failed after
 * the end); either way {@link #run()} then throws {@link Failed}.
 *
 * <p>Call order: construct, {@link #run()} on the training thread, {@link #requestStop()} from any thread.
 */
public final class RunExecution {

    /** The run failed by an exception, already reported on the bus (if it worked) and in the run directory. */
    public static final class Failed extends RuntimeException {
        Failed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);

    private final TrainingJob job;
    private final RunChannel channel;
    private final RunDirectoryListener runDirectory;
    private final EventPublishingListener publishing;
    private final TrainingListener listener;
    private volatile TrainingLoop loop;
    private volatile boolean stopRequested;

    /**
     * @param channel the run's events (numbered from where a resumed run left off)
     * @param extra   further listeners, after the standard ones (e.g. a sweep's result collector)
     */
    public RunExecution(TrainingJob job, RunChannel channel, List<TrainingListener> extra) {
        this.job = job;
        this.channel = channel;
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
        listeners.addAll(extra);
        this.listener = new CompositeListener(listeners);
    }

    /** Trains the run to its end; its outcome, or {@link Failed} after the failure has been reported. */
    public RunOutcome run() {
        TrainingJob.Resume resume = job.resume();
        try (Model model = job.task().create(Backends.byName(job.backend()), job.config().hidden(),
                job.data().features(), job.data().numClasses(), job.config().precision(), job.config().seed())) {
            if (resume != null) {
                model.restoreState(resume.saved().parameters(), resume.saved().velocities());
            }
            loop = new TrainingLoop(model, job.data(), job.config(), listener,
                    job.runDir().resolve(RunDirectoryListener.CHECKPOINT), resume == null ? null : resume.saved().point());
            if (stopRequested) {
                loop.requestStop();
            }
            return loop.run();
        } catch (RuntimeException e) {
            LOG.error("run {} ({}) failed: {}", job.runId(), job.backend(), e.getMessage(), e);
            if (publishing.runFinishedSent()) {
                // The run's end is already on record (event and outcome.json): a listener failed after it.
                throw new Failed(e);
            }
            publishFailure(channel, e);
            try {
                runDirectory.onRunFailed(String.valueOf(e.getMessage()));
            } catch (RuntimeException notWritten) {
                LOG.error("run {}: could not write {}: {}", job.runId(), RunDirectoryListener.OUTCOME,
                        notWritten.getMessage());
            }
            throw new Failed(e);
        }
    }

    /** Asks the run to stop after its current batch (it ends as failed: stopped). */
    public void requestStop() {
        stopRequested = true;
        TrainingLoop l = loop;
        if (l != null) {
            l.requestStop();
        }
    }

    /**
     * Best effort, for a run that failed before or while training: if the bus still works, a FAILED
     * run-finished event with the reason. Callers whose run had its own run-finished event must not call it.
     */
    public static void publishFailure(RunChannel channel, RuntimeException cause) {
        try {
            channel.emit(Event.newBuilder().setRunFinished(RunFinished.newBuilder()
                    .setStatus(RunStatus.RUN_STATUS_FAILED)
                    .setReason(String.valueOf(cause.getMessage()))));
            channel.flush();
        } catch (RuntimeException ignored) {
            // The bus itself is what failed; the caller reports the cause.
        }
    }

    /** Versions recorded with every run. */
    private static Map<String, String> versions(String backend) {
        Map<String, String> v = new LinkedHashMap<>();
        String own = RunExecution.class.getPackage().getImplementationVersion();
        v.put("gradstream", own == null ? "dev" : own);
        v.put("java", System.getProperty("java.version"));
        v.put("backend", backend);
        return v;
    }
}
