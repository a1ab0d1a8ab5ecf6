package dev.gradstream.sweep;

import dev.gradstream.events.v1.RunConfig;

/** How tables and logs name a sweep configuration; the conversions are {@link dev.gradstream.trainer.RunConfigs}. */
public final class SweepConfigs {

    private SweepConfigs() {
    }

    /** "hidden 128,128 lr 0.01 momentum 0.9 batch 64": how tables and logs name a configuration. */
    public static String describe(RunConfig c) {
        return "hidden " + SweepSpace.widths(c.getHiddenSizesList().stream().mapToInt(Integer::intValue).toArray())
                + " lr " + c.getLearningRate() + " momentum " + c.getMomentum() + " batch " + c.getBatchSize();
    }
}
