package dev.gradstream.liveview;

import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.ClassCurve;
import dev.gradstream.events.v1.DatasetInfo;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.GradientComparison;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import dev.gradstream.events.v1.TensorComparison;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Runs with a known number of every kind of event, published as a trainer and evaluator would. */
final class KnownRuns {

    static final List<String> CLASSES = List.of("rabbit", "yoga", "<b>hand</b>");

    private KnownRuns() {
    }

    /**
     * A run of {@code epochs} x {@code batches} mini-batches with {@code layers} layers: start, every batch
     * (loss from {@code loss}, by step from 1), each epoch with its validation result (3 x 3 confusion), the
     * test result and the end. The epoch's validation loss is {@code validationLoss} of the epoch.
     */
    static void publish(EventPublisher publisher, String runId, Backend backend, int epochs, int batches, int layers,
                        IntToDoubleFunction loss, IntToDoubleFunction validationLoss) {
        RunChannel channel = new RunChannel(publisher, runId, backend, Task.TASK_CLASSIFY, 0);
        channel.emit(Event.newBuilder().setRunStarted(RunStarted.newBuilder()
                .setConfig(RunConfig.newBuilder().addHiddenSizes(32).setLearningRate(0.01).setMomentum(0.9)
                        .setBatchSize(16).setMaxEpochs(epochs).setPrecision("float32"))
                .setDataset(DatasetInfo.newBuilder().setName("known").setTrainSize(batches * 16)
                        .addAllClassNames(CLASSES))));
        int step = 0;
        for (int e = 1; e <= epochs; e++) {
            for (int b = 0; b < batches; b++) {
                step++;
                BatchStats.Builder batch = BatchStats.newBuilder().setEpoch(e).setBatch(b).setStep(step)
                        .setLoss(loss.applyAsDouble(step)).setBatchSize(16);
                for (int l = 0; l < layers; l++) {
                    batch.addLayersBuilder().setLayer(l).setGradL2Norm((l + 1) * 0.1 / Math.sqrt(step))
                            .setUpdateRatio(1e-3 * (l + 1) / step);
                }
                channel.emit(Event.newBuilder().setBatchStats(batch));
            }
            channel.emit(Event.newBuilder().setEpochMetrics(EpochMetrics.newBuilder().setEpoch(e).setMaxEpochs(epochs)
                    .setTrainLoss(1.0 / e).setTrainAccuracy(0.5 + 0.1 * e)
                    .setValidationLoss(validationLoss.applyAsDouble(e)).setValidationAccuracy(0.45 + 0.1 * e)
                    .setDurationSeconds(1).setSamplesPerSecond(1000).setBestSoFar(true)));
            channel.emit(Event.newBuilder().setEvaluationResult(evaluation(Split.SPLIT_VALIDATION, e)));
        }
        channel.emit(Event.newBuilder().setEvaluationResult(evaluation(Split.SPLIT_TEST, epochs)));
        channel.emit(Event.newBuilder().setRunFinished(RunFinished.newBuilder().setStatus(RunStatus.RUN_STATUS_COMPLETED)
                .setBestEpoch(epochs).setEpochsCompleted(epochs).setReason("done")));
        channel.flush();
    }

    /** 30 samples of 3 classes; the diagonal grows with the epoch. */
    static EvaluationResult evaluation(Split split, int epoch) {
        EvaluationResult.Builder r = EvaluationResult.newBuilder().setSplit(split).setEpoch(epoch).setNumClasses(3)
                .setSampleCount(30).setAccuracy((6.0 + epoch) * 3 / 30).setF1Macro(0.5);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r.addConfusion(i == j ? 6 + epoch : (i + j) % 2 == 0 ? 4 - epoch : 0);
            }
            r.addCurves(ClassCurve.newBuilder().setClassIndex(i).setRocAuc(0.8 + 0.05 * i).setAveragePrecision(0.7));
        }
        return r.build();
    }

    /** The first-iteration comparison of a 2-layer network (4 tensors) in float32 and float64. */
    static void publishComparison(EventPublisher publisher, String runId) {
        RunChannel channel = new RunChannel(publisher, runId, Backend.BACKEND_ND4J, Task.TASK_CLASSIFY, 0);
        for (String precision : List.of("float32", "float64")) {
            GradientComparison.Builder g = GradientComparison.newBuilder().setReferenceBackend(Backend.BACKEND_SCRATCH)
                    .setOtherBackend(Backend.BACKEND_ND4J).setPrecision(precision).setBatchSize(16)
                    .setLossReference(1.6).setLossOther(1.6);
            for (int layer = 0; layer < 2; layer++) {
                for (String tensor : List.of("weight", "bias")) {
                    g.addTensors(TensorComparison.newBuilder().setLayer(layer).setTensor(tensor).setMaxAbsDiff(1e-9)
                            .setMaxRelDiff(1e-6).setScaledDiff(1e-7).setCosine(1.0).setNormReference(1.5)
                            .setNormOther(1.5));
                }
            }
            channel.emit(Event.newBuilder().setGradientComparison(g));
        }
        channel.flush();
    }
}
