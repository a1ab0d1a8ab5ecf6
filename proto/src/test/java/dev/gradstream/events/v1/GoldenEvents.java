package dev.gradstream.events.v1;

import java.util.EnumMap;
import java.util.Map;

/**
 * One realistic example of every payload of {@link Event}, the source of the golden files under
 * {@code src/test/resources/golden/}. Between them the examples set every field of every v1 message to a
 * non-default value, so that each field number and name is pinned by some golden file.
 *
 * <p>A new payload or field: add it here, then write its golden file (proto/README.md, "Golden files").
 */
final class GoldenEvents {

    private static final String RUN = "20261127-101500-a1b2-classify-scratch";
    private static final long T0 = 1_795_774_500_000L;

    private GoldenEvents() {
    }

    /** The example of each payload case, in field-number order. */
    static Map<Event.PayloadCase, Event> all() {
        Map<Event.PayloadCase, Event> m = new EnumMap<>(Event.PayloadCase.class);
        for (Event e : new Event[] {runStarted(), batchStats(), epochMetrics(), predictions(), evaluationResult(),
                runFinished(), gradientComparison(), sweepJob(), sweepResult()}) {
            m.put(e.getPayloadCase(), e);
        }
        return m;
    }

    private static EventHeader header(String runId, Backend backend, Task task, long sequence) {
        return EventHeader.newBuilder().setSchemaVersion(1).setRunId(runId).setBackend(backend).setTask(task)
                .setEventTimeUnixMs(T0 + sequence * 250).setSequence(sequence).build();
    }

    private static EventHeader header(long sequence) {
        return header(RUN, Backend.BACKEND_SCRATCH, Task.TASK_CLASSIFY, sequence);
    }

    private static RunConfig.Builder embedConfig() {
        return RunConfig.newBuilder().addHiddenSizes(512).addHiddenSizes(512).setLearningRate(0.1).setMomentum(0.9)
                .setBatchSize(64).setMaxEpochs(30).setSeed(42).setValidationFraction(0.2).setPrecision("float32")
                .addWordHiddenSizes(32).setEmbedDim(32).setTrainWordNet(true).setWordVectorsSource("bundled glove.6B.100d");
    }

    static Event runStarted() {
        return Event.newBuilder().setHeader(header(0)).setRunStarted(RunStarted.newBuilder()
                .setConfig(embedConfig())
                .setDataset(DatasetInfo.newBuilder().setName("quickdraw-5")
                        .setFingerprint("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                        .setTrainSize(3200).setValidationSize(800).setTestSize(1000)
                        .addClassNames("rabbit").addClassNames("yoga").addClassNames("hand").addClassNames("snowman")
                        .addClassNames("motorbike").setInputSize(784))
                .putVersions("gradstream", "0.1.0-SNAPSHOT").putVersions("java", "17.0.13")
                .putVersions("backend", "scratch")).build();
    }

    static Event batchStats() {
        BatchStats.Builder b = BatchStats.newBuilder().setEpoch(1).setBatch(3).setStep(3).setLoss(1.5342).setBatchSize(64);
        for (int layer = 0; layer < 2; layer++) {
            b.addLayers(LayerGradientStats.newBuilder().setLayer(layer).setGradL2Norm(0.84 - 0.2 * layer)
                    .setGradMeanAbs(0.0031).setGradMaxAbs(0.047).setUpdateRatio(0.0012));
        }
        return Event.newBuilder().setHeader(header(4)).setBatchStats(b).build();
    }

    static Event epochMetrics() {
        return Event.newBuilder().setHeader(header(55)).setEpochMetrics(EpochMetrics.newBuilder().setEpoch(1)
                .setTrainLoss(1.2031).setTrainAccuracy(0.5175).setValidationLoss(0.9876).setValidationAccuracy(0.6412)
                .setDurationSeconds(0.84).setSamplesPerSecond(3809.5).setBestSoFar(true).setMaxEpochs(30)).build();
    }

    static Event predictions() {
        return Event.newBuilder().setHeader(header(56)).setPredictions(Predictions.newBuilder()
                .setSplit(Split.SPLIT_VALIDATION).setEpoch(1).setChunkIndex(1).setChunkCount(2).setNumClasses(3)
                .setOffset(2).setTotalSamples(4).addLabels(2).addLabels(0)
                .addScores(0.1f).addScores(0.2f).addScores(0.7f).addScores(0.6f).addScores(0.25f).addScores(0.15f))
                .build();
    }

    static Event evaluationResult() {
        // The evaluator copies the header of the predictions chunk that completed the split.
        EvaluationResult.Builder r = EvaluationResult.newBuilder().setSplit(Split.SPLIT_TEST).setEpoch(7)
                .setSampleCount(4).setNumClasses(2).setAccuracy(0.75).setPrecisionMacro(0.8333).setRecallMacro(0.75)
                .setF1Macro(0.7333).setRocAucMacro(0.75).setPrAucMacro(0.8333).setLatencyMs(12.5)
                .addConfusion(2).addConfusion(0).addConfusion(1).addConfusion(1);
        for (int c = 0; c < 2; c++) {
            r.addCurves(ClassCurve.newBuilder().setClassIndex(c).addFpr(0).addFpr(0.5).addFpr(1).addTpr(0).addTpr(1)
                    .addTpr(1).addRecall(1).addRecall(0.5).addRecall(0).addPrecision(0.5).addPrecision(1)
                    .addPrecision(1).setRocAuc(0.75).setAveragePrecision(0.8333));
        }
        return Event.newBuilder().setHeader(header(402).toBuilder().setEventTimeUnixMs(T0 + 402 * 250 + 13))
                .setEvaluationResult(r).build();
    }

    static Event runFinished() {
        return Event.newBuilder().setHeader(header(1650)).setRunFinished(RunFinished.newBuilder()
                .setStatus(RunStatus.RUN_STATUS_COMPLETED).setBestEpoch(7).setBestValidationLoss(0.4123)
                .setEpochsCompleted(30).setReason("completed 30 epochs")).build();
    }

    static Event gradientComparison() {
        GradientComparison.Builder g = GradientComparison.newBuilder().setReferenceBackend(Backend.BACKEND_SCRATCH)
                .setOtherBackend(Backend.BACKEND_ND4J).setPrecision("float64").setBatchSize(64)
                .setLossReference(1.6094379124341).setLossOther(1.6094379124339);
        for (String tensor : new String[] {"weight", "bias"}) {
            g.addTensors(TensorComparison.newBuilder().setLayer(1).setTensor(tensor).setMaxAbsDiff(2.2e-16)
                    .setMaxRelDiff(3.1e-13).setCosine(0.9999999999999998).setNormReference(0.3125)
                    .setNormOther(0.3125000000000001).setScaledDiff(7.1e-16));
        }
        return Event.newBuilder()
                .setHeader(header("20261127-101500-a1b2-classify-compare", Backend.BACKEND_ND4J, Task.TASK_CLASSIFY, 1))
                .setGradientComparison(g).build();
    }

    static Event sweepJob() {
        // As SweepPlan writes it: the header names the job's run id prefix; sequence 0 (the only event of it).
        String prefix = "sweep-20261127-1100-j04-embed-nd4j";
        return Event.newBuilder().setHeader(header(prefix, Backend.BACKEND_ND4J, Task.TASK_EMBED, 0))
                .setSweepJob(SweepJob.newBuilder().setSweepId("sweep-20261127-1100").setJobId("sweep-20261127-1100-4")
                        .setJobIndex(4).setJobCount(18).setBackend(Backend.BACKEND_ND4J).setTask(Task.TASK_EMBED)
                        .setConfig(embedConfig()).setDataDir("/data/quickdraw_subset_np").setRunId(prefix))
                .build();
    }

    static Event sweepResult() {
        // Published on the attempt's own run channel: the next sequence after its RunFinished.
        String runId = "sweep-20261127-1100-j04-embed-nd4j-7c3e";
        return Event.newBuilder().setHeader(header(runId, Backend.BACKEND_ND4J, Task.TASK_EMBED, 1651))
                .setSweepResult(SweepResult.newBuilder().setSweepId("sweep-20261127-1100")
                        .setJobId("sweep-20261127-1100-4").setJobIndex(4).setJobCount(18).setRunId(runId)
                        .setConfig(embedConfig()).setStatus(RunStatus.RUN_STATUS_DIVERGED).setBestEpoch(3)
                        .setBestValidationLoss(0.5512).setBestValidationAccuracy(0.6825).setTestLoss(0.5634)
                        .setTestAccuracy(0.671).setTestF1Macro(0.6655).setTestRocAucMacro(0.8912)
                        .setTestPrAucMacro(0.7433).setWorker("sweep-worker-2").setDurationSeconds(48.25)
                        .setReason("loss became NaN at epoch 4")
                        .setRunDir("/home/me/gradstream/runs/sweep-20261127-1100/j04-embed-nd4j-7c3e"))
                .build();
    }
}
