package dev.gradstream.evaluator;

import dev.gradstream.bus.ConsumerHealth;
import dev.gradstream.bus.ConsumerSpec;
import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.EventLimits;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.metrics.ClassCurve;
import dev.gradstream.core.metrics.ClassificationMetrics;
import dev.gradstream.core.metrics.ClassificationReport;
import dev.gradstream.events.v1.ClassCurve.Builder;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.EvaluationResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.UUID;
import dev.gradstream.events.v1.Predictions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The evaluator service: its own consumer group on the predictions topic. When every chunk of a
 * (run, split, epoch) has arrived it computes the scikit-learn-defined metrics and publishes an
 * {@link EvaluationResult} keyed by the run id. Metric maths runs on the consumer's thread, never on
 * the event loop. Each bad record is dead-lettered once for the service: its instances share one group.
 * Memory per run is bounded by the {@link PredictionAssembler}'s caps; {@link #evictedSplits()} counts
 * what they evicted, {@link #health()} says whether the consumer runs.
 */
public final class EvaluatorVerticle extends VerticleBase {

    /** Consumer group shared by every evaluator instance: they split the partitions between them. */
    public static final String GROUP = "gradstream-evaluator";

    /** The service name in dead letters. */
    public static final String SERVICE = "evaluator";

    /** Curve points per class in an event, so that a large test split stays far below the message limit. */
    static final int MAX_CURVE_POINTS = EventLimits.MAX_CURVE_POINTS;

    private final KafkaClients clients;
    private final PredictionAssembler assembler = new PredictionAssembler();
    private PublishedEvaluations published;
    private EventPublisher publisher;
    private EventConsumerLoop loop;
    /** A result was published since the last flush (the loop's thread only). */
    private boolean unflushed;

    public EvaluatorVerticle(KafkaClients clients) {
        this.clients = clients;
    }

    @Override
    public Future<?> start() {
        // Reading the history blocks, so it runs on a worker thread, never the event loop.
        return vertx.executeBlocking(() -> {
            published = PublishedEvaluations.load(clients);
            String id = "evaluator-" + UUID.randomUUID().toString().substring(0, 8);
            publisher = new EventPublisher(clients.producer(id));
            loop = new EventConsumerLoop(clients, ConsumerSpec.sharedGroup(SERVICE, GROUP, id, List.of(Topics.PREDICTIONS)),
                    this::onEvent, assembler::firstNeededOffset).afterEachPoll(waiter -> flushResults()).start();
            return null;
        });
    }

    private void onEvent(Event event, ConsumerRecord<String, byte[]> record) {
        if (event.getPayloadCase() != Event.PayloadCase.PREDICTIONS) {
            return;
        }
        assembler.add(event, new TopicPartition(record.topic(), record.partition()), record.offset()).ifPresent(split -> {
            Predictions p = split.last().getPredictions();
            if (published.contains(event.getHeader().getRunId(), p.getSplitValue(), p.getEpoch())) {
                return; // evaluated before a restart or rebalance: the result is already in Kafka
            }
            ClassificationReport report = ClassificationMetrics.evaluate(split.labels(), split.scores(),
                    split.numClasses());
            EventHeader source = split.last().getHeader();
            long now = System.currentTimeMillis();
            // The result reuses the sequence of the chunk that completed it: a re-evaluation after a
            // restart produces the same (run, sequence), so consumers can drop the duplicate.
            EventHeader header = source.toBuilder().setSchemaVersion(RunChannel.SCHEMA_VERSION)
                    .setEventTimeUnixMs(now).build();
            publisher.publish(Event.newBuilder().setHeader(header)
                    .setEvaluationResult(toEvent(report, split.last().getPredictions().getSplit(),
                            split.last().getPredictions().getEpoch(), now - source.getEventTimeUnixMs()))
                    .build());
            unflushed = true;
            published.add(event.getHeader().getRunId(), p.getSplitValue(), p.getEpoch());
        });
    }

    /**
     * Waits until the poll's results are in Kafka, before the loop commits the chunks they came from (so a
     * crash never loses a result), once a poll: a flush per result made every chunk behind it in the poll wait
     * a produce round trip (an epoch's end brings many runs' splits at once); the loop stops, without
     * committing, if a result cannot be delivered.
     */
    private void flushResults() {
        if (unflushed) {
            publisher.flush();
            unflushed = false;
        }
    }

    /** The v1 event for a report. */
    static EvaluationResult toEvent(ClassificationReport r, dev.gradstream.events.v1.Split split, int epoch,
                                    double latencyMs) {
        EvaluationResult.Builder b = EvaluationResult.newBuilder()
                .setSplit(split)
                .setEpoch(epoch)
                .setSampleCount(r.sampleCount())
                .setNumClasses(r.numClasses())
                .setAccuracy(r.accuracy())
                .setPrecisionMacro(r.precisionMacro())
                .setRecallMacro(r.recallMacro())
                .setF1Macro(r.f1Macro())
                .setRocAucMacro(r.rocAucMacro())
                .setPrAucMacro(r.prAucMacro())
                .setLatencyMs(latencyMs);
        for (long c : r.confusion()) {
            b.addConfusion(c);
        }
        for (ClassCurve c : r.curves()) {
            Builder curve = b.addCurvesBuilder().setClassIndex(c.classIndex()).setRocAuc(c.rocAuc())
                    .setAveragePrecision(c.averagePrecision());
            if (split != dev.gradstream.events.v1.Split.SPLIT_TEST) {
                continue; // per-epoch validation results carry the AUCs; curve points only for the test
            }
            int[] rocKeep = keptPoints(c.fpr().length);
            for (int i : rocKeep) {
                curve.addFpr(c.fpr()[i]).addTpr(c.tpr()[i]);
            }
            int[] prKeep = keptPoints(c.recall().length);
            for (int i : prKeep) {
                curve.addRecall(c.recall()[i]).addPrecision(c.precision()[i]);
            }
        }
        return b.build();
    }

    /**
     * Indices of the curve points an event carries: all of them up to {@link #MAX_CURVE_POINTS}, else
     * that many evenly spaced ones including both ends (the AUCs are always computed on the full curve,
     * and the full predictions stay in Kafka and the run directory).
     */
    static int[] keptPoints(int n) {
        int m = Math.min(n, MAX_CURVE_POINTS);
        int[] keep = new int[m];
        for (int i = 0; i < m; i++) {
            keep[i] = m == 1 ? 0 : (int) Math.round((double) i * (n - 1) / (m - 1));
        }
        return keep;
    }

    /** UP while the consumer runs; DOWN with the reason once it stopped (or before it started). */
    public ConsumerHealth health() {
        return loop == null ? ConsumerHealth.down("evaluator not started") : loop.health();
    }

    /** Incomplete splits evicted to keep memory bounded, by every cap. */
    public long evictedSplits() {
        return assembler.evictions();
    }

    /** Incomplete splits evicted by {@code cap} (a counter to bind as a metric). */
    public long evictedSplits(PredictionAssembler.Eviction cap) {
        return assembler.evictions(cap);
    }

    /** Keys of published results forgotten past {@link PublishedEvaluations#MAX_KEYS} (a counter to bind). */
    public long forgottenResults() {
        return published == null ? 0 : published.forgotten();
    }

    /** The consumer loop (its dead-letter counts), or null before start. */
    public EventConsumerLoop consumerLoop() {
        return loop;
    }

    /** Closes the consumer (leaving the group) and the producer off the event loop, each with a time-out. */
    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (loop != null) {
                loop.close();
            }
            if (publisher != null) {
                publisher.close();
            }
            return null;
        });
    }
}
