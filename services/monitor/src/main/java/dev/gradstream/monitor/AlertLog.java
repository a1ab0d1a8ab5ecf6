package dev.gradstream.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default Alertmanager receiver: Alertmanager's webhook payload (version 4) in, one log line per alert
 * out, and {@code gradstream_alerts_received_total{alertname,status}} counted, so that alerts go somewhere
 * without any account or mail server.
 */
final class AlertLog {

    private static final Logger LOG = LoggerFactory.getLogger("gradstream.alerts");
    private final MeterRegistry registry;

    AlertLog(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Logs the alerts of one webhook body; returns how many, or throws naming what is malformed. */
    int accept(String body) {
        JsonObject payload;
        try {
            payload = new JsonObject(body);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("not an Alertmanager webhook payload (JSON): " + e.getMessage());
        }
        var alerts = payload.getJsonArray("alerts");
        if (alerts == null) {
            throw new IllegalArgumentException("Alertmanager webhook payload without 'alerts'");
        }
        for (Object o : alerts) {
            JsonObject alert = (JsonObject) o;
            JsonObject labels = alert.getJsonObject("labels", new JsonObject());
            JsonObject annotations = alert.getJsonObject("annotations", new JsonObject());
            String name = labels.getString("alertname", "unnamed");
            String status = alert.getString("status", payload.getString("status", "unknown"));
            LOG.warn("alert {} {}: {} {}", status.toUpperCase(java.util.Locale.ROOT), name,
                    annotations.getString("summary", ""), labels.encode());
            Counter.builder("gradstream.alerts.received").tag("alertname", name).tag("status", status)
                    .description("Alerts Alertmanager sent to the monitor's log receiver").register(registry)
                    .increment();
        }
        return alerts.size();
    }
}
