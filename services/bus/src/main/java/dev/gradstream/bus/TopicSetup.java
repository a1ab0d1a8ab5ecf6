package dev.gradstream.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the topics that do not exist yet, and waits until they can be written. */
public final class TopicSetup {

    /** How long a healthy cluster may take to list or create topics. */
    static final int TIMEOUT_SECONDS = 15;

    private TopicSetup() {
    }

    /**
     * Creates every topic in {@link Topics#ALL} that is missing.
     *
     * @throws BusException naming the bootstrap servers when the cluster cannot be reached in time
     */
    public static void ensureTopics(KafkaClients clients, int partitions, short replication) {
        List<NewTopic> wanted = new ArrayList<>();
        List<String> names = new ArrayList<>(Topics.ALL);
        names.add(Topics.DEAD_LETTERS);
        for (String topic : names) {
            // Kafka is the lossless record of every run: keep it until deleted by hand.
            wanted.add(new NewTopic(topic, Math.max(partitions, Topics.minPartitions(topic)), replication)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        ensure(clients, wanted);
    }

    /**
     * Creates those of {@code wanted} that do not exist yet and returns once their partitions have leaders
     * ({@link #awaitLeaders}); a topic another client creates meanwhile counts as created.
     *
     * @throws BusException naming the bootstrap servers when the cluster cannot be reached in time
     */
    public static void ensure(KafkaClients clients, List<NewTopic> wanted) {
        Admin admin = clients.admin();
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                // Also when another client created one of them meanwhile: the others were created here.
                awaitLeaders(admin, missing);
            }
        } catch (TimeoutException e) {
            throw new BusException("Kafka at " + clients.bootstrapServers() + " did not answer within "
                    + TIMEOUT_SECONDS + " s: is the broker up and the address right?", e);
        } catch (ExecutionException e) {
            throw new BusException("could not create topics on " + clients.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while creating topics", e);
        } finally {
            // Do not wait for requests that will never be answered when the broker is down.
            admin.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Returns once every partition of {@code created} answers a ListOffsets request from its leader, i.e. once
     * the broker has applied the topics' creation, not only the controller. An idempotent producer that sends
     * before that can lose a batch: its first request fails with NOT_LEADER_OR_FOLLOWER, a second one with
     * later sequence numbers is appended, and every retry of the first then fails with
     * OUT_OF_ORDER_SEQUENCE_NUMBER until the producer gives up (KAFKA-15591; the 4.4.0 broker used here
     * does it: a loadgen run on a fresh in-process broker could not deliver 32,041 events in CI). The admin
     * client retries a partition whose leader is not ready yet by itself, but not a topic its metadata does not
     * show yet: that is asked again here, within the same time-out.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> created)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : created) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                // The admin client's leader lookup gives up at once on a topic the broker's metadata does not
                // hold yet (the same window): ask again, within the same time-out.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
