package dev.gradstream.monitor;

import java.net.URI;
import java.time.Duration;

/**
 * How a monitor instance runs.
 *
 * @param group           consumer group of its gauges; the remote writer uses {@code group + "-remote-write"}.
 *                        Stable across restarts, so a restarted monitor continues from its committed offsets
 *                        instead of reading (and alerting on) every old run again. Two monitors that should
 *                        each see every event need different groups.
 * @param remoteWrite     Prometheus' remote-write receiver (e.g. http://prometheus:9090/api/v1/write), or null
 *                        to serve /metrics only
 * @param finishedRunTtl  how long a finished run's series stay on /metrics after its last event, so that its
 *                        alerts resolve
 * @param maxRuns         runs that keep series on /metrics at once; the least recently seen is dropped first
 */
public record MonitorSettings(String group, URI remoteWrite, Duration finishedRunTtl, int maxRuns) {

    /** The default consumer group of a monitor. */
    public static final String DEFAULT_GROUP = "gradstream-monitor";

    public MonitorSettings {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("monitor group must not be empty");
        }
        if (remoteWrite != null && !("http".equals(remoteWrite.getScheme()) || "https".equals(remoteWrite.getScheme()))) {
            throw new IllegalArgumentException("--prometheus-remote-write must be an http(s) URL, got " + remoteWrite);
        }
        if (finishedRunTtl == null || finishedRunTtl.isNegative() || finishedRunTtl.isZero()) {
            throw new IllegalArgumentException("--finished-run-ttl must be positive, got " + finishedRunTtl);
        }
        if (maxRuns < 1) {
            throw new IllegalArgumentException("the monitor must keep at least one run, got " + maxRuns);
        }
    }

    /** The stable default group, no remote write, finished runs kept 10 minutes, 200 runs. */
    public static MonitorSettings defaults() {
        return new MonitorSettings(DEFAULT_GROUP, null, Duration.ofMinutes(10), 200);
    }

    public MonitorSettings withGroup(String newGroup) {
        return new MonitorSettings(newGroup, remoteWrite, finishedRunTtl, maxRuns);
    }

    public MonitorSettings withRemoteWrite(URI url) {
        return new MonitorSettings(group, url, finishedRunTtl, maxRuns);
    }

    public MonitorSettings withFinishedRunTtl(Duration ttl) {
        return new MonitorSettings(group, remoteWrite, ttl, maxRuns);
    }
}
