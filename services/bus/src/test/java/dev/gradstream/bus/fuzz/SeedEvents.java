package dev.gradstream.bus.fuzz;

import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.DatasetInfo;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.EvaluationResult;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.Split;
import dev.gradstream.events.v1.Task;
import java.util.List;

/** The well-formed events the contract fuzzers mutate, and the good run they send after the mutants. */
public final class SeedEvents {

    private SeedEvents() {
    }

    /** One well-formed event of each kind a run publishes, for run {@code runId}. */
    public static List<Event> of(String runId) {
        EventHeader header = EventHeader.newBuilder().setSchemaVersion(1).setRunId(runId).setBackend(Backend.BACKEND_SCRATCH)
                .setTask(Task.TASK_CLASSIFY).build();
        BatchStats.Builder batch = BatchStats.newBuilder().setEpoch(1).setBatch(3).setStep(3).setLoss(0.7).setBatchSize(64);
        batch.addLayersBuilder().setLayer(0).setGradL2Norm(0.1).setUpdateRatio(1e-3);
        return List.of(
                Event.newBuilder().setHeader(header).setRunStarted(RunStarted.newBuilder()
                        .setConfig(RunConfig.newBuilder().addHiddenSizes(128).setLearningRate(0.01).setBatchSize(64)
                                .setMaxEpochs(3).setPrecision("float32"))
                        .setDataset(DatasetInfo.newBuilder().setName("quickdraw-5").setTrainSize(3200)
                                .addClassNames("rabbit").addClassNames("yoga"))
                        .putVersions("java", "17")).build(),
                Event.newBuilder().setHeader(header).setBatchStats(batch).build(),
                Event.newBuilder().setHeader(header).setEpochMetrics(EpochMetrics.newBuilder().setEpoch(1).setMaxEpochs(3)
                        .setTrainLoss(0.7).setValidationLoss(0.8).setBestSoFar(true)).build(),
                Event.newBuilder().setHeader(header).setEvaluationResult(EvaluationResult.newBuilder()
                        .setSplit(Split.SPLIT_VALIDATION).setEpoch(1).setNumClasses(2).setSampleCount(20)
                        .setAccuracy(0.75).addConfusion(5).addConfusion(5).addConfusion(0).addConfusion(10)).build(),
                Event.newBuilder().setHeader(header).setRunFinished(RunFinished.newBuilder()
                        .setStatus(RunStatus.RUN_STATUS_COMPLETED).setBestEpoch(1).setEpochsCompleted(3)
                        .setReason("done")).build());
    }
}
