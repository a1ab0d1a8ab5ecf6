package dev.gradstream.sweep;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job ids that already have a result on {@link Topics#SWEEP_RESULTS}, followed from the topic's start by
 * one thread per worker process (partitions assigned, nothing committed). A worker checks it before it
 * starts a job: a job with a result, e.g. {@code cancelled} ({@link SweepCancel}), or completed by a worker
 * killed before it could accept the record, is accepted without training. Memory: one id per sweep job
 * ever published (ids are at most 256 characters). Records that do not parse are ignored here; the result
 * collectors dead-letter them.
 */
final class JobsWithResults implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobsWithResults.class);

    private final Set<String> jobIds = ConcurrentHashMap.newKeySet();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;

    JobsWithResults(KafkaClients clients) {
        String id = "gradstream-sweep-worker-results-" + UUID.randomUUID().toString().substring(0, 8);
        this.consumer = clients.consumer(id, id);
        this.thread = new Thread(this::follow, id);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** True once a result of {@code jobId} has been read. */
    boolean has(String jobId) {
        return jobIds.contains(jobId);
    }

    /** Waits until the topic has been read up to its end as it was at start; false on time-out. */
    boolean awaitCaughtUp(long timeout, TimeUnit unit) throws InterruptedException {
        return caughtUp.await(timeout, unit);
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SWEEP_RESULTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        Event e = Event.parseFrom(record.value());
                        if (e.hasSweepResult()) {
                            jobIds.add(e.getSweepResult().getJobId());
                        }
                    } catch (InvalidProtocolBufferException ignored) {
                        // Dead-lettered by the result collectors' loop.
                    }
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(en -> consumer.position(en.getKey()) >= en.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (RuntimeException e) {
            LOG.error("sweep workers stopped following {}: {}", Topics.SWEEP_RESULTS, e.toString(), e);
        } finally {
            caughtUp.countDown();
            consumer.close(KafkaClients.CLOSE_TIMEOUT);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
