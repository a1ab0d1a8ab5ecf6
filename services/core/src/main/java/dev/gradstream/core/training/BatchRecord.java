package dev.gradstream.core.training;

import dev.gradstream.core.model.LayerGradientStats;
import java.util.List;

/**
 * What one mini-batch step did.
 *
 * @param epoch     1-based epoch
 * @param batch     0-based index within the epoch
 * @param step      0-based global step
 * @param loss      mean loss over the batch before the update
 * @param batchSize samples in the batch
 * @param layers    per-layer gradient statistics of the step
 */
public record BatchRecord(int epoch, int batch, long step, double loss, int batchSize,
                          List<LayerGradientStats> layers) {
}
