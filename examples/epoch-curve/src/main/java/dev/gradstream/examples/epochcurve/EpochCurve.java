package dev.gradstream.examples.epochcurve;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gradstream.events.v1.Event;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A gradstream consumer written against the raw v1 contract (proto/README.md): reads
 * {@code gradstream.epochs.v1} from the beginning, keeps the records whose key is the wanted run id,
 * decodes each value as a {@code gradstream.events.v1.Event} and prints the run's learning curve, reporting
 * duplicates and gaps ({@link CurvePrinter}). It joins no consumer group and commits nothing, so it
 * disturbs no other consumer and can be run any number of times.
 *
 * <pre>
 * EpochCurve --bootstrap-servers HOST:PORT [--run-id RUN_ID] [--follow] [--timeout SECONDS]
 * </pre>
 * Without {@code --follow} it stops at the end of the topic as it was at start-up; {@code --timeout} (default
 * 15 s) bounds each wait for the cluster. Exit codes: 0 the curve
 * is complete, 1 duplicates or gaps were seen, 2 bad usage, 4 Kafka could not be reached.
 */
public final class EpochCurve {

    /** The topic of EpochMetrics events, one per epoch of every run, keyed by run id. */
    public static final String TOPIC = "gradstream.epochs.v1";
    /** The header.schema_version this consumer understands. */
    public static final int SCHEMA_VERSION = 1;

    private static final String USAGE = "usage: EpochCurve --bootstrap-servers HOST:PORT [--run-id RUN_ID] [--follow] "
            + "[--timeout SECONDS]";

    private EpochCurve() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the program; returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String bootstrap = null;
        String runId = null;
        boolean follow = false;
        Duration timeout = Duration.ofSeconds(15);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-servers" -> bootstrap = i + 1 < args.length ? args[++i] : null;
                case "--run-id" -> runId = i + 1 < args.length ? args[++i] : null;
                case "--follow" -> follow = true;
                case "--timeout" -> {
                    try {
                        timeout = Duration.ofSeconds(Long.parseLong(i + 1 < args.length ? args[++i] : ""));
                    } catch (NumberFormatException e) {
                        err.println("--timeout needs whole seconds\n" + USAGE);
                        return 2;
                    }
                }
                default -> {
                    err.println("unknown argument '" + args[i] + "'\n" + USAGE);
                    return 2;
                }
            }
        }
        if (bootstrap == null || bootstrap.isBlank()) {
            err.println("--bootstrap-servers is required (the in-process broker of ./gradstream train prints it: "
                    + "\"ready at 127.0.0.1:PORT\")\n" + USAGE);
            return 2;
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings(bootstrap))) {
            return read(consumer, runId, follow, timeout, new CurvePrinter(out), err);
        } catch (TimeoutException e) {
            err.println("Kafka at " + bootstrap + " did not answer within " + timeout.toSeconds() + " s: "
                    + e.getMessage());
            return 4;
        }
    }

    private static Properties settings(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "epoch-curve-example");
        // No group: partitions are assigned by hand and nothing is committed, so other consumers are untouched.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Keys are run ids (UTF-8 strings); values are serialized gradstream.events.v1.Event messages.
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private static int read(KafkaConsumer<String, byte[]> consumer, String runId, boolean follow, Duration timeout,
                            CurvePrinter printer, PrintStream err) {
        List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, timeout);
        if (infos == null || infos.isEmpty()) {
            err.println("topic " + TOPIC + " does not exist yet: has a run started on this cluster?");
            return 4;
        }
        // A run's events are all in one partition (key = run id), but which one depends on the partition
        // count: reading every partition and filtering by key works for any count.
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            consumer.wakeup();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (follow) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            while (follow || partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (runId == null || runId.equals(record.key())) {
                        decode(record, printer, err);
                    }
                }
            }
        } catch (WakeupException e) {
            // Ctrl-C in --follow mode: print the summary and stop.
        } finally {
            printer.printSummary();
            stopped.countDown();
        }
        return printer.anomalies() == 0 ? 0 : 1;
    }

    private static void decode(ConsumerRecord<String, byte[]> record, CurvePrinter printer, PrintStream err) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        Event event;
        try {
            event = Event.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            err.println("skipping " + where + ": not a gradstream.events.v1.Event (" + e.getMessage() + ")");
            return;
        }
        if (event.getHeader().getSchemaVersion() != SCHEMA_VERSION) {
            err.println("skipping " + where + ": schema version " + event.getHeader().getSchemaVersion()
                    + ", this program reads " + SCHEMA_VERSION);
            return;
        }
        printer.accept(record.key(), event, where);
    }
}
