package dev.gradstream.launcher;

import dev.gradstream.monitor.MonitorSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Options of the monitor service, for the commands that run one (train, serve, replay). */
final class MonitorOptions {

    @Option(names = "--prometheus-remote-write", paramLabel = "URL",
            description = "Also write every epoch, batch and evaluation to this Prometheus remote-write receiver "
                    + "(e.g. http://127.0.0.1:9090/api/v1/write; Prometheus needs --web.enable-remote-write-receiver), "
                    + "so that Grafana shows every point.")
    URI remoteWrite;

    @Option(names = "--monitor-group", paramLabel = "GROUP",
            description = "Consumer group of the monitor; a restarted monitor continues from its committed offsets "
                    + "(default: gradstream-monitor; with --bootstrap-servers, train and replay use a group of their "
                    + "own process so that they never take events from a monitor service).")
    String group;

    @Option(names = "--finished-run-ttl", defaultValue = "10m", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a finished run's series stay on /metrics after its last event, e.g. 30s, 10m, "
                    + "2h (default: ${DEFAULT-VALUE}); its alerts resolve when they go.")
    Duration finishedRunTtl;

    /** Settings for a long-lived monitor service (serve): the stable group unless one was named. */
    MonitorSettings service() {
        return build(group != null ? group : MonitorSettings.DEFAULT_GROUP);
    }

    /**
     * Settings for the monitor inside a command's own stack: the stable group on the in-process broker, and on a
     * shared cluster a group of this process, so that it never splits a monitor service's partitions.
     */
    MonitorSettings inProcess(boolean sharedCluster) {
        if (group != null || !sharedCluster) {
            return service();
        }
        return build(MonitorSettings.DEFAULT_GROUP + "-" + ManagementFactory.getRuntimeMXBean().getName()
                .replaceAll("[^A-Za-z0-9@.-]", "_"));
    }

    private MonitorSettings build(String groupId) {
        return MonitorSettings.defaults().withGroup(groupId).withRemoteWrite(remoteWrite)
                .withFinishedRunTtl(finishedRunTtl == null ? MonitorSettings.defaults().finishedRunTtl() : finishedRunTtl);
    }

    /** 30s, 10m, 2h, 1d or plain seconds; an ISO-8601 duration (PT10M) works too. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("pt") || v.startsWith("p")) {
                    return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
                }
                char unit = v.charAt(v.length() - 1);
                if (Character.isDigit(unit)) {
                    return Duration.ofSeconds(Long.parseLong(v));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (unit) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new IllegalArgumentException();
                };
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a duration: use e.g. 30s, 10m, 2h or 1d");
            }
        }
    }
}
