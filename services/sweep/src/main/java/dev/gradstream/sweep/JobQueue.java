package dev.gradstream.sweep;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Puts a sweep's jobs on {@link Topics#SWEEP_JOBS}. Job {@code i} goes to partition {@code i mod partitions}
 * (still keyed by job id): hashing 18 keys over 8 partitions leaves some partitions with twice the jobs of
 * others, and since a partition's jobs are trained one after the other by the worker that owns it, an even
 * spread is what lets the workers finish together.
 */
final class JobQueue {

    private JobQueue() {
    }

    /** Sends every job and waits until the broker has them all. */
    static void publish(KafkaClients clients, String clientId, List<Event> jobs) {
        try (KafkaProducer<String, byte[]> producer = clients.producer(clientId)) {
            int partitions = producer.partitionsFor(Topics.SWEEP_JOBS).size();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (Event job : jobs) {
                int partition = job.getSweepJob().getJobIndex() % partitions;
                sends.add(producer.send(new ProducerRecord<>(Topics.SWEEP_JOBS, partition, Topics.keyOf(job),
                        job.toByteArray())));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            throw new BusException("a sweep job could not be delivered to " + Topics.SWEEP_JOBS + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while publishing sweep jobs", e);
        }
    }
}
