package dev.gradstream.evaluator;

import dev.gradstream.bus.EventConsumerLoop;
import dev.gradstream.bus.EventLimits;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.metrics.ClassificationMetrics;
import dev.gradstream.core.metrics.ClassificationReport;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evaluator on one test split of {@code samples x classes} {@link SoftmaxScores}:
 * <ul>
 *   <li>{@code metrics}: {@link ClassificationMetrics#evaluate} alone (accuracy, precision, recall, F1, ROC AUC
 *       and average precision, per class and macro, with the curves);</li>
 *   <li>{@code evaluatorPath}: what {@link EvaluatorVerticle} does with the records of a split: decode and
 *       check each record ({@link EventConsumerLoop#validEvent}), join the chunks ({@link PredictionAssembler}),
 *       evaluate, build the result event with its curve points and serialise it for the producer;</li>
 *   <li>{@code decodeAndAssemble} and {@code resultEvent}: the two halves of that path around the maths.</li>
 * </ul>
 * The records are chunked as the trainer publishes them (at most {@link EventLimits#MAX_SCORES_PER_CHUNK}
 * scores each: 2 chunks at 10,000 x 10).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class EvaluationBenchmark {

    private static final TopicPartition PARTITION = new TopicPartition("gradstream.predictions.v1", 0);

    @Param({"10000"})
    public int samples;

    @Param({"10"})
    public int classes;

    private SoftmaxScores data;
    private byte[][] records;
    private PredictionAssembler assembler;
    private ClassificationReport report;

    @Setup
    public void setUp() {
        data = SoftmaxScores.generate(samples, classes, 42);
        records = records(data);
        assembler = new PredictionAssembler();
        report = ClassificationMetrics.evaluate(data.labels(), data.scores(), classes);
    }

    /** The split's prediction records, chunked as the trainer's {@code EventPublishingListener} chunks them. */
    static byte[][] records(SoftmaxScores data) {
        int k = data.numClasses();
        int n = data.labels().length;
        int rowsPerChunk = Math.max(1, EventLimits.MAX_SCORES_PER_CHUNK / k);
        int chunks = Math.max(1, (n + rowsPerChunk - 1) / rowsPerChunk);
        byte[][] out = new byte[chunks][];
        for (int c = 0; c < chunks; c++) {
            int from = c * rowsPerChunk;
            int to = Math.min(n, from + rowsPerChunk);
            Predictions.Builder p = Predictions.newBuilder().setSplit(Split.SPLIT_TEST).setEpoch(1).setChunkIndex(c)
                    .setChunkCount(chunks).setNumClasses(k).setOffset(from).setTotalSamples(n);
            for (int i = from; i < to; i++) {
                p.addLabels(data.labels()[i]);
            }
            for (int i = from * k; i < to * k; i++) {
                p.addScores(data.scores()[i]);
            }
            out[c] = Event.newBuilder().setHeader(header(c)).setPredictions(p).build().toByteArray();
        }
        return out;
    }

    private static EventHeader header(long sequence) {
        return EventHeader.newBuilder().setSchemaVersion(RunChannel.SCHEMA_VERSION).setRunId("bench-run")
                .setBackend(Backend.BACKEND_SCRATCH).setTask(Task.TASK_CLASSIFY).setEventTimeUnixMs(1).setSequence(sequence).build();
    }

    @Benchmark
    public ClassificationReport metrics() {
        return ClassificationMetrics.evaluate(data.labels(), data.scores(), classes);
    }

    @Benchmark
    public byte[] evaluatorPath() {
        PredictionAssembler.Assembled split = assemble();
        return result(ClassificationMetrics.evaluate(split.labels(), split.scores(), split.numClasses()));
    }

    @Benchmark
    public PredictionAssembler.Assembled decodeAndAssemble() {
        return assemble();
    }

    @Benchmark
    public byte[] resultEvent() {
        return result(report);
    }

    private PredictionAssembler.Assembled assemble() {
        PredictionAssembler.Assembled split = null;
        for (int r = 0; r < records.length; r++) {
            Event event = EventConsumerLoop.validEvent(records[r]);
            split = assembler.add(event, PARTITION, r).orElse(null);
        }
        return split;
    }

    /** The result event as the verticle publishes it, serialised as the producer sends it. */
    private static byte[] result(ClassificationReport report) {
        return Event.newBuilder().setHeader(header(0))
                .setEvaluationResult(EvaluatorVerticle.toEvent(report, Split.SPLIT_TEST, 1, 0))
                .build().toByteArray();
    }
}
