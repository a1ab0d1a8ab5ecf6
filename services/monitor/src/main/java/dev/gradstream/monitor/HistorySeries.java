package dev.gradstream.monitor;

import dev.gradstream.bus.EventNames;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.LayerGradientStats;
import dev.gradstream.monitor.prompb.Label;
import dev.gradstream.monitor.prompb.Sample;
import dev.gradstream.monitor.prompb.TimeSeries;
import dev.gradstream.monitor.prompb.WriteRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns events into the lossless {@code gradstream_history_*} series that the monitor remote-writes to
 * Prometheus: one sample per series per event, stamped with the event's own time, so that every epoch,
 * every batch and every evaluation is a point (dashboards/README.md lists the series).
 *
 * <p>Prometheus keeps one sample per millisecond per series and refuses a second one at the same time, while
 * a fast run finishes several batches within a millisecond. So the samples of one kind of event of one run
 * (its batches, its epochs, its evaluations of one split) get strictly increasing timestamps: the event time,
 * or one millisecond after the previous sample of that kind when the event time is not later. A burst of
 * batches therefore runs a few milliseconds ahead of the clock and catches up at the next pause. Not
 * thread-safe: one instance per consuming thread.
 */
final class HistorySeries {

    /** Runs whose last timestamps are remembered; an older run's next event simply starts from its event time. */
    private static final int REMEMBERED_RUNS = 10_000;

    private final Map<String, Long> lastTimestamp = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_RUNS * 4;
        }
    };

    /** Accumulates the series of several events into one write request, keeping each series' samples in order. */
    static final class Batch {
        private final Map<List<Label>, TimeSeries.Builder> series = new LinkedHashMap<>();
        private int samples;

        void add(String name, Map<String, String> labels, double value, long timestampMs) {
            List<Label> key = labels(name, labels);
            series.computeIfAbsent(key, k -> TimeSeries.newBuilder().addAllLabels(k))
                    .addSamples(Sample.newBuilder().setValue(value).setTimestamp(timestampMs));
            samples++;
        }

        int samples() {
            return samples;
        }

        boolean isEmpty() {
            return samples == 0;
        }

        List<TimeSeries> series() {
            return series.values().stream().map(TimeSeries.Builder::build).toList();
        }

        WriteRequest request() {
            return WriteRequest.newBuilder().addAllTimeseries(series()).build();
        }

        private static List<Label> labels(String name, Map<String, String> labels) {
            TreeMap<String, String> sorted = new TreeMap<>(labels);
            sorted.put("__name__", name);
            List<Label> out = new ArrayList<>(sorted.size());
            sorted.forEach((k, v) -> out.add(Label.newBuilder().setName(k).setValue(v).build()));
            return out;
        }
    }

    /** Adds the samples of {@code event} to {@code batch}; events without history (predictions, sweeps) add none. */
    void add(Event event, Batch batch) {
        EventHeader h = event.getHeader();
        switch (event.getPayloadCase()) {
            case RUN_STARTED -> {
                long t = timestamp(h, "started");
                batch.add("gradstream_history_run_started", run(h), t, t);
            }
            case RUN_FINISHED -> {
                long t = timestamp(h, "finished");
                Map<String, String> labels = run(h);
                labels.put("status", EventNames.status(event.getRunFinished().getStatus()));
                batch.add("gradstream_history_run_finished", labels, t, t);
            }
            case EPOCH_METRICS -> epoch(h, event.getEpochMetrics(), batch);
            case BATCH_STATS -> batchStats(h, event.getBatchStats(), batch);
            case EVALUATION_RESULT -> evaluation(h, event.getEvaluationResult(), batch);
            default -> {
            }
        }
    }

    private void epoch(EventHeader h, EpochMetrics e, Batch batch) {
        long t = timestamp(h, "epoch");
        Map<String, String> run = run(h);
        batch.add("gradstream_history_epoch", run, e.getEpoch(), t);
        batch.add("gradstream_history_loss", with(run, "split", "train"), e.getTrainLoss(), t);
        batch.add("gradstream_history_loss", with(run, "split", "validation"), e.getValidationLoss(), t);
        batch.add("gradstream_history_accuracy_ratio", with(run, "split", "train"), e.getTrainAccuracy(), t);
        batch.add("gradstream_history_accuracy_ratio", with(run, "split", "validation"), e.getValidationAccuracy(), t);
        batch.add("gradstream_history_samples_per_second", run, e.getSamplesPerSecond(), t);
        batch.add("gradstream_history_epoch_duration_seconds", run, e.getDurationSeconds(), t);
    }

    private void batchStats(EventHeader h, BatchStats b, Batch batch) {
        long t = timestamp(h, "batch");
        Map<String, String> run = run(h);
        batch.add("gradstream_history_step", run, b.getStep(), t);
        batch.add("gradstream_history_batch_loss", run, b.getLoss(), t);
        for (LayerGradientStats l : b.getLayersList()) {
            Map<String, String> layer = with(run, "layer", Integer.toString(l.getLayer()));
            batch.add("gradstream_history_gradient_l2_norm", layer, l.getGradL2Norm(), t);
            batch.add("gradstream_history_gradient_mean_abs", layer, l.getGradMeanAbs(), t);
            batch.add("gradstream_history_gradient_max_abs", layer, l.getGradMaxAbs(), t);
            batch.add("gradstream_history_update_ratio", layer, l.getUpdateRatio(), t);
        }
    }

    private void evaluation(EventHeader h, EvaluationResult r, Batch batch) {
        String split = EventNames.split(r.getSplit());
        long t = timestamp(h, "evaluation-" + split);
        Map<String, String> labels = with(run(h), "split", split);
        batch.add("gradstream_history_eval_epoch", labels, r.getEpoch(), t);
        batch.add("gradstream_history_eval_accuracy_ratio", labels, r.getAccuracy(), t);
        batch.add("gradstream_history_eval_precision_ratio", labels, r.getPrecisionMacro(), t);
        batch.add("gradstream_history_eval_recall_ratio", labels, r.getRecallMacro(), t);
        batch.add("gradstream_history_eval_f1_ratio", labels, r.getF1Macro(), t);
        batch.add("gradstream_history_eval_roc_auc_ratio", labels, r.getRocAucMacro(), t);
        batch.add("gradstream_history_eval_pr_auc_ratio", labels, r.getPrAucMacro(), t);
    }

    /** The event's time, or 1 ms after the previous sample of this kind of this run. */
    private long timestamp(EventHeader h, String kind) {
        String key = h.getRunId() + '\u0000' + kind;
        Long last = lastTimestamp.get(key);
        long t = last == null ? h.getEventTimeUnixMs() : Math.max(h.getEventTimeUnixMs(), last + 1);
        lastTimestamp.put(key, t);
        return t;
    }

    private static Map<String, String> run(EventHeader h) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("run", h.getRunId());
        labels.put("backend", EventNames.backend(h.getBackend()));
        labels.put("task", EventNames.task(h.getTask()));
        return labels;
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> labels = new LinkedHashMap<>(base);
        labels.put(key, value);
        return labels;
    }
}
