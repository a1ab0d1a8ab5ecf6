package dev.gradstream.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The consumers' latency and lag as one {@code /metrics} scrape shows them
 * ({@code gradstream_consumer_latency_seconds}, {@code gradstream_consumer_lag}), per service and loop, and
 * the scrape's own size.
 */
final class ConsumerFigures {

    /** One consumer loop: events handled, latency quantiles and max (seconds), records behind. */
    record Loop(double handled, double p50, double p99, double max, double lag) {
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    final Map<String, Loop> loops = new LinkedHashMap<>();
    final int series;
    final int bytes;

    private ConsumerFigures(int series, int bytes) {
        this.series = series;
        this.bytes = bytes;
    }

    /** Reads a Prometheus text scrape; loops are keyed {@code service/loop}. */
    static ConsumerFigures parse(String scrape) {
        int series = 0;
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            series++;
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).startsWith("gradstream_consumer_")) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            if (!labels.containsKey("service")) {
                continue;
            }
            double[] v = values.computeIfAbsent(labels.get("service") + "/" + labels.getOrDefault("loop", "0"),
                    k -> new double[5]);
            double x = Double.parseDouble(m.group(3));
            switch (m.group(1)) {
                case "gradstream_consumer_latency_seconds_count" -> v[0] = x;
                case "gradstream_consumer_latency_seconds" -> {
                    if ("0.5".equals(labels.get("quantile"))) {
                        v[1] = x;
                    } else if ("0.99".equals(labels.get("quantile"))) {
                        v[2] = x;
                    }
                }
                case "gradstream_consumer_latency_seconds_max" -> v[3] = x;
                case "gradstream_consumer_lag" -> v[4] = x;
                default -> { }
            }
        }
        ConsumerFigures out = new ConsumerFigures(series, scrape.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        values.forEach((k, v) -> out.loops.put(k, new Loop(v[0], v[1], v[2], v[3], v[4])));
        return out;
    }

    /** Sum of every loop's lag. */
    double totalLag() {
        return loops.values().stream().mapToDouble(Loop::lag).sum();
    }

    /** Sum of every loop's handled events. */
    double totalHandled() {
        return loops.values().stream().mapToDouble(Loop::handled).sum();
    }
}
