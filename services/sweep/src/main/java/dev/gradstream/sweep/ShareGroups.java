package dev.gradstream.sweep;

import dev.gradstream.bus.BusException;
import dev.gradstream.bus.KafkaClients;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Prepares the sweep workers' share group on a cluster: checks that the cluster has share groups
 * (KIP-932: the {@code share.version} feature at level 1 or more) and sets the group's own settings, which
 * in a share group belong to the group, not to its consumers.
 */
final class ShareGroups {

    /** The cluster feature that enables share groups. */
    static final String FEATURE = "share.version";

    private ShareGroups() {
    }

    /**
     * @throws BusException naming {@value #FEATURE} and the command that enables it when the cluster has no
     *                      share groups, or when the cluster cannot be reached
     */
    static void prepare(KafkaClients clients, SweepWorker.Settings settings) {
        try (Admin admin = clients.admin()) {
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS);
            FinalizedVersionRange share = features.finalizedFeatures().get(FEATURE);
            if (share == null || share.maxVersionLevel() < 1) {
                throw new BusException("the Kafka cluster at " + clients.bootstrapServers() + " has no share groups "
                        + "(finalized feature " + FEATURE + "=" + (share == null ? 0 : share.maxVersionLevel())
                        + "; supported up to " + supported(features) + "): the sweep workers are a share group. "
                        + "Enable them with `kafka-features.sh --bootstrap-server " + clients.bootstrapServers()
                        + " upgrade --feature " + FEATURE + "=" + Math.max(1, supported(features)) + "` (Kafka 4.2 "
                        + "or later; a new cluster formatted by 4.2+ has them)");
            }
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, settings.groupId());
            admin.incrementalAlterConfigs(Map.of(group, List.of(
                    // Jobs published before the first worker joined are work too.
                    set("share.auto.offset.reset", "earliest"),
                    set("share.record.lock.duration.ms", Long.toString(settings.lockDuration().toMillis())),
                    set("share.delivery.count.limit", Integer.toString(settings.deliveryLimit())))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new BusException("could not prepare the share group " + settings.groupId() + " on "
                    + clients.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new BusException("the Kafka cluster at " + clients.bootstrapServers() + " did not answer within 30 s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while preparing the share group " + settings.groupId());
        }
    }

    private static short supported(FeatureMetadata features) {
        var range = features.supportedFeatures().get(FEATURE);
        return range == null ? 0 : range.maxVersion();
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
