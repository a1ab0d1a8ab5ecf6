package dev.gradstream.broker;


import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.ShareVersion;

/**
 * A real, single-node Kafka broker (KRaft: combined controller and broker, no ZooKeeper) running in
 * this JVM on 127.0.0.1, with its log in a directory of its own. Used by the embedded default and by
 * tests; everything else talks to it only through {@link #bootstrapServers()}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path logDir;
    private final boolean deleteOnClose;
    private final int brokerPort;
    private final int controllerPort;
    private final short shareVersion;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, boolean deleteOnClose, int brokerPort, int controllerPort, short shareVersion) {
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.shareVersion = shareVersion;
    }

    /** The {@code share.version} feature level this broker formats with: share groups (KIP-932) enabled. */
    public static final short SHARE_VERSION = ShareVersion.LATEST_PRODUCTION.featureLevel();

    /** Starts a broker on free loopback ports with a fresh temporary log directory. */
    public static EmbeddedKafka start() {
        try {
            return start(Files.createTempDirectory("gradstream-kafka-"), true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary Kafka log directory", e);
        }
    }

    /**
     * Starts a broker whose log lives in {@code logDir} (formatted on first use, reused after, so a
     * restart on the same directory and port keeps every event).
     *
     * @param port broker port, or 0 for a free one
     */
    public static EmbeddedKafka start(Path logDir, boolean deleteOnClose, int port) {
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, deleteOnClose, port == 0 ? freePort() : port, freePort(),
                SHARE_VERSION);
        kafka.startServer();
        return kafka;
    }

    /**
     * A broker formatted with {@code share.version=0}: share groups disabled, as on a cluster upgraded from
     * Kafka 4.1 or earlier without {@code kafka-features.sh upgrade --feature share.version=...}. For tests of
     * the clients' error on such a cluster.
     */
    public static EmbeddedKafka startWithoutShareGroups() {
        try {
            EmbeddedKafka kafka = new EmbeddedKafka(Files.createTempDirectory("gradstream-kafka-"), true, freePort(),
                    freePort(), (short) 0);
            kafka.startServer();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary Kafka log directory", e);
        }
    }

    /** host:port of the broker listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path logDir() {
        return logDir;
    }

    public int port() {
        return brokerPort;
    }

    private void startServer() {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("log.retention.ms", "-1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Share groups (sweep workers): the state topic's 50 default partitions cost start-up time on one node.
        props.put("share.coordinator.state.topic.num.partitions", "4");
        // Members learn their assignment at the heartbeat interval (broker minimum 5 s by default): 1 s lets a
        // new sweep worker take its first job within about a second.
        props.put("group.share.min.heartbeat.interval.ms", "500");
        props.put("group.share.heartbeat.interval.ms", "1000");
        // Allows a group's acquisition lock down to 1 s (the broker's default floor is 15 s), so that tests of
        // a killed worker's redelivery need not wait; the sweep workers' group sets its own duration.
        props.put("group.share.min.record.lock.duration.ms", "1000");
        KafkaConfig config = new KafkaConfig(props, false);
        boolean formatted = Files.exists(logDir.resolve("meta.properties"));
        try {
            if (!formatted) {
                Files.createDirectories(logDir);
                new Formatter()
                        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setDirectories(Set.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                        .setUnstableFeatureVersionsEnabled(false)
                        .setFeatureLevel(ShareVersion.FEATURE_NAME, shareVersion)
                        .run();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not format the embedded Kafka log in " + logDir + ": " + e.getMessage(), e);
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        if (formatted && shareVersion > 0) {
            upgradeFeatures();
        }
    }

    /**
     * A log formatted by an older Kafka (4.1 formatted {@code share.version=0}) keeps its feature levels
     * across an upgrade of the broker; raise {@code metadata.version} and {@code share.version} to this
     * release's, as {@code kafka-features.sh upgrade --release-version} would. Idempotent.
     */
    private void upgradeFeatures() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Map<String, FeatureUpdate> updates = Map.of(
                    MetadataVersion.FEATURE_NAME, new FeatureUpdate(MetadataVersion.LATEST_PRODUCTION.featureLevel(),
                            FeatureUpdate.UpgradeType.UPGRADE),
                    ShareVersion.FEATURE_NAME, new FeatureUpdate(shareVersion, FeatureUpdate.UpgradeType.UPGRADE));
            admin.updateFeatures(updates, new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka log in " + logDir + " was formatted by an older Kafka and its "
                    + "features could not be upgraded (share.version=" + shareVersion + "): " + e.getMessage(), e);
        }
    }

    /** Stops the broker (and deletes its log directory if it was temporary). */
    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    /** Stops the broker but keeps its log, so {@link #restart()} brings the same data back. */
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again on the same ports and log directory after {@link #stop()}. */
    public void restart() {
        if (server == null) {
            startServer();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temp directory is not worth failing a run for.
        }
    }
}
