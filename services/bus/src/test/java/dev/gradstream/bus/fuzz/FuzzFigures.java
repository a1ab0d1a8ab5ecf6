package dev.gradstream.bus.fuzz;

import dev.gradstream.bus.DeadLetters;
import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What a contract fuzz test does around its consumer: sends mutants as raw records, reads the dead-letter
 * topic back by source record and service, reads a group's committed offsets, and measures the JVM's peak
 * heap (broker, producers and consumers together: they share the test's JVM).
 */
public final class FuzzFigures {

    /** A mutant as sent: where it landed and whether a consumer loop must refuse it. */
    public record Sent(ContractMutants.Mutant mutant, String where, boolean refused) {
    }

    /**
     * Checks that every refused mutant was dead-lettered exactly once by {@code service} and nothing twice;
     * returns a one-line summary, or throws {@link AssertionError} naming the first mutant that was not.
     */
    public static String checkExactlyOnce(List<Sent> sent, Map<String, Integer> deadLetters) {
        for (Sent s : sent) {
            Integer n = deadLetters.get(s.where());
            if (s.refused() && (n == null || n != 1)) {
                throw new AssertionError("mutant " + s.mutant().index() + " (" + s.mutant().description() + ") at "
                        + s.where() + " was dead-lettered " + (n == null ? 0 : n) + " times, expected once");
            }
        }
        deadLetters.forEach((where, n) -> {
            if (n != 1) {
                throw new AssertionError(where + " was dead-lettered " + n + " times");
            }
        });
        long refused = sent.stream().filter(Sent::refused).count();
        return sent.size() + " mutants, " + refused + " refused by validation, " + deadLetters.size()
                + " dead-lettered (each once)";
    }

    private FuzzFigures() {
    }

    /** Sends every mutant to its topic; returns them with their record position ({@code topic-p@o}). */
    public static List<Sent> send(KafkaClients clients, List<ContractMutants.Mutant> mutants)
            throws InterruptedException, ExecutionException {
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> raw = clients.producer("fuzzer", Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_588, ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (ContractMutants.Mutant m : mutants) {
                RecordMetadata at = raw.send(new ProducerRecord<>(m.topic(), m.key(), m.value())).get();
                sent.add(new Sent(m, m.topic() + "-" + at.partition() + "@" + at.offset(),
                        EventConsumerLoop.refusalOf(m.value()) != null));
            }
        }
        return sent;
    }

    /**
     * Dead letters written by {@code service}: for each source record ({@code topic-p@o}), how many, read
     * until {@code atLeast} came and then 3 s more (a duplicate would follow).
     */
    public static Map<String, Integer> deadLetters(KafkaClients clients, String service, int atLeast) {
        Map<String, Integer> bySource = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("fuzz-reader-" + System.nanoTime(), "fuzz-reader")) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS));
            long deadline = System.currentTimeMillis() + 120_000;
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (service.equals(header(r, DeadLetters.SERVICE))) {
                        bySource.merge(header(r, DeadLetters.SOURCE_TOPIC) + "-" + header(r, DeadLetters.SOURCE_PARTITION)
                                + "@" + header(r, DeadLetters.SOURCE_OFFSET), 1, Integer::sum);
                    }
                }
                if (quietUntil == Long.MAX_VALUE && bySource.size() >= atLeast) {
                    quietUntil = System.currentTimeMillis() + 3_000;
                }
            }
        }
        return bySource;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Forgets the heap pools' peaks, so that {@link #peakHeapBytes()} measures from now. */
    public static void resetPeakHeap() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peak usage since {@link #resetPeakHeap()}: an upper bound of the peak heap. */
    public static long peakHeapBytes() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    /**
     * The sum of {@code group}'s committed offsets: the records it has handled, its partitions starting at 0
     * (0 when it has committed none).
     */
    public static long committed(KafkaClients clients, String group) {
        try (Admin admin = clients.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            throw new AssertionError("could not read the offsets of group " + group, e);
        }
    }

    /** Waits up to {@code millis} for {@code condition}. */
    public static boolean await(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
