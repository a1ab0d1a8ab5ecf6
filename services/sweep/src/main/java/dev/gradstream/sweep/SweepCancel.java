package dev.gradstream.sweep;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicReader;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.SweepJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Cancels a sweep: every job of it that has neither a result nor a started run yet gets a {@code cancelled}
 * result on {@link Topics#SWEEP_RESULTS}. Workers check for a result before they start a job
 * ({@link JobsWithResults}), so a job not yet started is accepted without training; a job already training
 * finishes and the coordinator waits for its result. A job a worker takes in the instant between the two
 * (the cancel's reading of the topics and the worker's check) trains anyway; its real result replaces the
 * cancelled one if the coordinator is still waiting ({@link SweepResults}), else it follows the table. Works from any process that reaches
 * the cluster: the jobs and results are read back from the topics.
 */
public final class SweepCancel {

    private SweepCancel() {
    }

    /**
     * @param by who asked (put in each result's {@code worker} field)
     * @return how many jobs were marked cancelled
     * @throws BusException when the sweep has no jobs on the topic or a result cannot be delivered
     */
    public static int cancel(KafkaClients clients, String sweepId, String by) {
        Map<String, SweepJob> jobs = new LinkedHashMap<>();
        Set<String> withResults = new HashSet<>();
        readAll(clients, JobQueue.TOPIC, e -> {
            if (e.hasSweepJob() && e.getSweepJob().getSweepId().equals(sweepId)) {
                jobs.putIfAbsent(e.getSweepJob().getJobId(), e.getSweepJob());
            }
        });
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("sweep " + sweepId + " has no jobs on " + JobQueue.TOPIC + " at "
                    + clients.bootstrapServers());
        }
        readAll(clients, Topics.SWEEP_RESULTS, e -> {
            if (e.hasSweepResult() && e.getSweepResult().getSweepId().equals(sweepId)) {
                withResults.add(e.getSweepResult().getJobId());
            }
        });
        // Attempts already started (their run_started is on the runs topic): those jobs are training, or were
        // abandoned by a killed worker and will be redelivered; either way they are not "not yet started".
        List<String> startedRuns = new ArrayList<>();
        readAll(clients, Topics.RUNS, e -> {
            if (e.hasRunStarted() && e.getHeader().getRunId().startsWith(sweepId + "-")) {
                startedRuns.add(e.getHeader().getRunId());
            }
        });
        int n = 0;
        try (EventPublisher publisher = new EventPublisher(clients.producer("sweep-cancel-" + sweepId))) {
            for (SweepJob job : jobs.values()) {
                String attempts = job.getRunId() + "-";
                if (withResults.contains(job.getJobId()) || startedRuns.stream().anyMatch(r -> r.startsWith(attempts))) {
                    continue;
                }
                RunChannel channel = new RunChannel(publisher, job.getRunId().isEmpty() ? job.getJobId() : job.getRunId(),
                        job.getBackend(), job.getTask(), 0);
                channel.emit(Event.newBuilder().setSweepResult(JobResults.cancelled(job, by,
                        "sweep " + sweepId + " cancelled by " + by + " before the job started")));
                n++;
            }
            publisher.flush();
        }
        return n;
    }

    /** Reads {@code topic} from its start to its end as it is now (valid events only), without a group's commits. */
    private static void readAll(KafkaClients clients, String topic, java.util.function.Consumer<Event> onEvent) {
        TopicReader.read(clients, List.of(topic), key -> true, onEvent);
    }
}
