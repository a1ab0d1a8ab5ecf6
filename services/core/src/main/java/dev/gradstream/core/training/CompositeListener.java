package dev.gradstream.core.training;

import dev.gradstream.core.data.DataSplits;
import java.util.List;

/** Calls several listeners in order. */
public final class CompositeListener implements TrainingListener {

    private final List<TrainingListener> listeners;

    public CompositeListener(List<TrainingListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onRunStart(TrainingConfig config, DataSplits data) {
        listeners.forEach(l -> l.onRunStart(config, data));
    }

    @Override
    public void onRunResumed(TrainingConfig config, DataSplits data, int epochsDone) {
        listeners.forEach(l -> l.onRunResumed(config, data, epochsDone));
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        listeners.forEach(l -> l.onEpochEnd(state));
    }

    @Override
    public void onBatch(BatchRecord batch) {
        listeners.forEach(l -> l.onBatch(batch));
    }

    @Override
    public void onEpoch(EpochRecord epoch) {
        listeners.forEach(l -> l.onEpoch(epoch));
    }

    @Override
    public void onPredictions(Split split, int epoch, int[] labels, float[] scores, int numClasses) {
        listeners.forEach(l -> l.onPredictions(split, epoch, labels, scores, numClasses));
    }

    @Override
    public void onRunEnd(RunOutcome outcome) {
        listeners.forEach(l -> l.onRunEnd(outcome));
    }
}
