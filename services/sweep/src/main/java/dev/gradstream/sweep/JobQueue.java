package dev.gradstream.sweep;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.events.v1.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The sweep queue: every job of every sweep on {@value #TOPIC}, a topic of <b>one</b> partition that the
 * workers' share group consumes. A share group's assignor gives each partition to one member while there
 * are at least as many partitions as members (measured: with the 8-partition {@code gradstream.sweep-jobs.v1}
 * and 2 workers, each worker got 4 partitions, and jobs queued on the busy worker's partitions waited for it).
 * With one partition every member shares it, so any idle worker takes the next job, for any number of
 * workers. Ordering and throughput are not concerns here: a job is one record, and a run takes seconds.
 */
final class JobQueue {

    /** The queue topic (keyed by job id, value an {@code Event} with a {@code sweep_job}). */
    static final String TOPIC = "gradstream.sweep-queue.v1";

    private JobQueue() {
    }

    /** Creates {@value #TOPIC} (one partition, kept forever, replication as the cluster allows) when missing. */
    static void ensureTopic(KafkaClients clients) {
        TopicSetup.ensure(clients, List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                .configs(Map.of("retention.ms", "-1"))));
    }

    /** Sends every job and waits until the broker has them all. */
    static void publish(KafkaClients clients, String clientId, List<Event> jobs) {
        ensureTopic(clients);
        try (KafkaProducer<String, byte[]> producer = clients.producer(clientId)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (Event job : jobs) {
                sends.add(producer.send(new ProducerRecord<>(TOPIC, job.getSweepJob().getJobId(), job.toByteArray())));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            throw new BusException("a sweep job could not be delivered to " + TOPIC + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while publishing sweep jobs", e);
        }
    }
}
