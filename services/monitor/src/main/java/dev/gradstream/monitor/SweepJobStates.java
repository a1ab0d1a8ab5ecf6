package dev.gradstream.monitor;

import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.SweepResult;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sweep jobs by state (queued, running, done, failed, cancelled), from attempts' starts and sweep results. */
final class SweepJobStates {

    /** A sweep attempt's run id: {@code <sweep id>-j<index>-<task>-<backend>-<4 hex>} (proto/README.md). */
    private static final Pattern SWEEP_ATTEMPT =
            Pattern.compile("^(.+)-j(\\d+)-(classify|embed)-(scratch|nd4j)-[0-9a-f]{4}$");
    /** Sweeps whose job states are kept; the oldest beyond this are dropped (their gauges keep their last value). */
    private static final int MAX_TRACKED_SWEEPS = 100;
    private static final List<String> JOB_STATES = List.of("queued", "running", "done", "failed", "cancelled");

    /** Per sweep: each job's latest state, and the job count once a result has told it. */
    private static final class SweepJobs {
        final Map<Integer, String> stateByJob = new HashMap<>();
        int jobCount = -1;
    }

    private final Map<String, SweepJobs> sweeps = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SweepJobs> eldest) {
            return size() > MAX_TRACKED_SWEEPS;
        }
    };

    private final GaugeBoard board;

    SweepJobStates(GaugeBoard board) {
        this.board = board;
    }

    /**
     * Counts a sweep's jobs by state in {@code gradstream_sweep_jobs_state{sweep, state}}: running from an
     * attempt's {@code run_started} (the run id names the sweep and the job), then done (completed or diverged),
     * failed or cancelled from its {@code sweep_result}; a real result replaces a cancelled one (the job was
     * training when the sweep was cancelled). Queued is the sweep's job count minus the others, known from its
     * first result on (the queue topic itself is the workers'). Duplicated events change nothing.
     */
    void accept(Event event) {
        String sweepId;
        int job;
        String state;
        int jobCount = -1;
        if (event.hasSweepResult()) {
            SweepResult r = event.getSweepResult();
            sweepId = r.getSweepId();
            job = r.getJobIndex();
            jobCount = r.getJobCount();
            state = switch (r.getStatus()) {
                case RUN_STATUS_FAILED -> "failed";
                case RUN_STATUS_CANCELLED -> "cancelled";
                default -> "done";
            };
        } else {
            Matcher m = SWEEP_ATTEMPT.matcher(event.getHeader().getRunId());
            if (!m.matches()) {
                return;
            }
            sweepId = m.group(1);
            job = Integer.parseInt(m.group(2));
            state = "running";
        }
        SweepJobs jobs = sweeps.computeIfAbsent(sweepId, k -> new SweepJobs());
        if (jobCount > 0) {
            jobs.jobCount = jobCount;
        }
        String before = jobs.stateByJob.get(job);
        boolean settled = before != null && !before.equals("running") && !before.equals("cancelled");
        if (settled || ("cancelled".equals(before) && state.equals("running"))) {
            return; // a result is final (a late attempt's start, a duplicate, changes nothing)
        }
        jobs.stateByJob.put(job, state);
        Map<String, Integer> counts = new HashMap<>();
        jobs.stateByJob.values().forEach(v -> counts.merge(v, 1, Integer::sum));
        if (jobs.jobCount > 0) {
            counts.put("queued", Math.max(0, jobs.jobCount - jobs.stateByJob.size()));
        }
        for (String st : JOB_STATES) {
            if (st.equals("queued") && jobs.jobCount <= 0) {
                continue;
            }
            board.set("gradstream.sweep.jobs.state", "Sweep jobs by state: queued, running, done, failed, cancelled",
                    Tags.of("sweep", sweepId, "state", st), counts.getOrDefault(st, 0));
        }
    }
}
