package dev.gradstream.trainer;

import dev.gradstream.bus.EventLimits;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.training.BatchRecord;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.Split;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.DatasetInfo;
import dev.gradstream.events.v1.EpochMetrics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.LayerGradientStats.Builder;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.RunFinished;
import dev.gradstream.events.v1.RunStarted;
import dev.gradstream.events.v1.RunStatus;
import java.util.Map;

/** Turns the training loop's hooks into v1 events on the run's channel. */
public final class EventPublishingListener implements TrainingListener {

    /**
     * Score values per predictions message, the contract's limit: 64k floats is about 300 KB on the wire,
     * well under the broker's default 1 MB message limit for up to {@link EventLimits#MAX_CLASSES} classes.
     */
    static final int MAX_SCORES_PER_CHUNK = EventLimits.MAX_SCORES_PER_CHUNK;

    private final RunChannel channel;
    private final TaskSpec task;
    private final Map<String, String> versions;
    private volatile boolean runFinishedSent;

    public EventPublishingListener(RunChannel channel, TaskSpec task, Map<String, String> versions) {
        this.channel = channel;
        this.task = task;
        this.versions = Map.copyOf(versions);
    }

    @Override
    public void onRunStart(TrainingConfig config, DataSplits data) {
        RunConfig.Builder runConfig = RunConfigs.toProto(config, task);
        DatasetInfo dataset = DatasetInfo.newBuilder()
                .setName(data.name())
                .setFingerprint(data.fingerprint())
                .setTrainSize(data.train().count())
                .setValidationSize(data.validation().count())
                .setTestSize(data.test().count())
                .addAllClassNames(data.classNames())
                .setInputSize(data.features())
                .build();
        channel.emit(Event.newBuilder().setRunStarted(RunStarted.newBuilder()
                .setConfig(runConfig).setDataset(dataset).putAllVersions(versions)));
    }

    @Override
    public void onBatch(BatchRecord batch) {
        BatchStats.Builder stats = BatchStats.newBuilder()
                .setEpoch(batch.epoch())
                .setBatch(batch.batch())
                .setStep(batch.step())
                .setLoss(batch.loss())
                .setBatchSize(batch.batchSize());
        for (LayerGradientStats layer : batch.layers()) {
            Builder l = stats.addLayersBuilder();
            l.setLayer(layer.layer())
                    .setGradL2Norm(layer.l2Norm())
                    .setGradMeanAbs(layer.meanAbs())
                    .setGradMaxAbs(layer.maxAbs())
                    .setUpdateRatio(layer.updateRatio());
        }
        channel.emit(Event.newBuilder().setBatchStats(stats));
    }

    @Override
    public void onEpoch(EpochRecord epoch) {
        channel.emit(Event.newBuilder().setEpochMetrics(EpochMetrics.newBuilder()
                .setEpoch(epoch.epoch())
                .setMaxEpochs(epoch.maxEpochs())
                .setTrainLoss(epoch.trainLoss())
                .setTrainAccuracy(epoch.trainAccuracy())
                .setValidationLoss(epoch.validationLoss())
                .setValidationAccuracy(epoch.validationAccuracy())
                .setDurationSeconds(epoch.durationSeconds())
                .setSamplesPerSecond(epoch.samplesPerSecond())
                .setBestSoFar(epoch.bestSoFar())));
    }

    @Override
    public void onPredictions(Split split, int epoch, int[] labels, float[] scores, int numClasses) {
        int rowsPerChunk = Math.max(1, MAX_SCORES_PER_CHUNK / numClasses);
        int chunks = Math.max(1, (labels.length + rowsPerChunk - 1) / rowsPerChunk);
        for (int c = 0; c < chunks; c++) {
            int from = c * rowsPerChunk;
            int to = Math.min(labels.length, from + rowsPerChunk);
            Predictions.Builder p = Predictions.newBuilder()
                    .setSplit(EventEnums.split(split))
                    .setEpoch(epoch)
                    .setChunkIndex(c)
                    .setChunkCount(chunks)
                    .setNumClasses(numClasses)
                    .setOffset(from)
                    .setTotalSamples(labels.length);
            for (int i = from; i < to; i++) {
                p.addLabels(labels[i]);
            }
            for (int i = from * numClasses; i < to * numClasses; i++) {
                p.addScores(scores[i]);
            }
            channel.emit(Event.newBuilder().setPredictions(p));
        }
    }

    /** True once the run-finished event has been handed to the producer. */
    public boolean runFinishedSent() {
        return runFinishedSent;
    }

    @Override
    public void onRunEnd(RunOutcome outcome) {
        channel.emit(Event.newBuilder().setRunFinished(RunFinished.newBuilder()
                .setStatus(switch (outcome.status()) {
                    case COMPLETED -> RunStatus.RUN_STATUS_COMPLETED;
                    case DIVERGED -> RunStatus.RUN_STATUS_DIVERGED;
                    case FAILED -> RunStatus.RUN_STATUS_FAILED;
                })
                .setBestEpoch(outcome.bestEpoch())
                .setBestValidationLoss(outcome.bestValidationLoss())
                .setEpochsCompleted(outcome.epochsCompleted())
                .setReason(outcome.reason())));
        runFinishedSent = true;
        channel.flush();
    }
}
