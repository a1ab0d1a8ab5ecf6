package dev.gradstream.sweep;

import dev.gradstream.bus.ConsumerHealth;
import dev.gradstream.bus.InstanceConsumer;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Collects one sweep's results from {@link Topics#SWEEP_RESULTS} (read from the start, in a consumer group of
 * its own), keeping the first result of each job id: a job repeated after a worker died between publishing
 * and accepting counts once. The one exception: a real result replaces a {@code cancelled} one (the job was
 * training when the sweep was cancelled). Its memory is one result per job of this sweep (at most
 * {@code EventLimits.MAX_SWEEP_JOBS}); results of other sweeps are read and dropped. Bad records are
 * skipped here and dead-lettered once for all collectors by the {@value #SERVICE} dead-letter loop.
 */
public final class SweepResults implements AutoCloseable {

    /** The service name in consumer groups and dead letters. */
    public static final String SERVICE = "sweep-results";

    private final String sweepId;
    private final Map<String, SweepResult> byJob = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final CountDownLatch all;
    private final Consumer<SweepResult> onNew;
    private final InstanceConsumer consumer;

    /**
     * @param jobCount how many distinct jobs make the sweep complete
     * @param onNew    called (on the consumer's thread) with each job's first result
     */
    public SweepResults(KafkaClients clients, String sweepId, int jobCount, Consumer<SweepResult> onNew) {
        this.sweepId = sweepId;
        this.all = new CountDownLatch(jobCount);
        this.onNew = onNew;
        this.consumer = new InstanceConsumer(clients, SERVICE, List.of(Topics.SWEEP_RESULTS), this::onEvent).start();
    }

    private void onEvent(Event event, org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        if (!event.hasSweepResult() || !event.getSweepResult().getSweepId().equals(sweepId)) {
            return;
        }
        SweepResult r = event.getSweepResult();
        SweepResult earlier = byJob.putIfAbsent(r.getJobId(), r);
        if (earlier == null) {
            onNew.accept(r);
            all.countDown();
        } else if (earlier.getStatus() == RunStatus.RUN_STATUS_CANCELLED && r.getStatus() != RunStatus.RUN_STATUS_CANCELLED) {
            // The job was already training when its sweep was cancelled: its real result wins.
            byJob.put(r.getJobId(), r);
        } else {
            duplicates.incrementAndGet();
        }
    }

    /** Waits until every job has a result; false on time-out. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return all.await(timeout, unit);
    }

    /** The results so far, one per job, in job order. */
    public List<SweepResult> results() {
        List<SweepResult> list = new ArrayList<>(byJob.values());
        list.sort(Comparator.comparingInt(SweepResult::getJobIndex));
        return list;
    }

    /** Results dropped because their job already had one. */
    public int duplicates() {
        return duplicates.get();
    }

    /** UP while the collector's consumers run; DOWN with the reason otherwise. */
    public ConsumerHealth health() {
        return consumer.health();
    }

    /** The collector's consumers, e.g. for their dead-letter counts. */
    public InstanceConsumer consumer() {
        return consumer;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
