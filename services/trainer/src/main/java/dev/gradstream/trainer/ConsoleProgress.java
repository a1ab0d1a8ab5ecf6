package dev.gradstream.trainer;

import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/** One line per epoch on a console, prefixed with the backend so that side-by-side runs stay readable. */
public final class ConsoleProgress implements TrainingListener {

    private final PrintStream out;
    private final String prefix;

    public ConsoleProgress(PrintStream out, String backend) {
        this.out = out;
        this.prefix = String.format(Locale.ROOT, "[%-7s]", backend);
    }

    @Override
    public void onRunStart(TrainingConfig config, DataSplits data) {
        out.printf(Locale.ROOT, "%s training %s on %s (%d train / %d validation / %d test), %s%n", prefix,
                layers(config, data), data.name(), data.train().count(), data.validation().count(),
                data.test().count(), config);
    }

    @Override
    public void onEpoch(EpochRecord e) {
        out.printf(Locale.ROOT,
                "%s epoch %3d/%d  train loss %.4f acc %.4f | val loss %.4f acc %.4f | %5.1f s %,9.0f samples/s%s%n",
                prefix, e.epoch(), e.maxEpochs(), e.trainLoss(), e.trainAccuracy(), e.validationLoss(),
                e.validationAccuracy(), e.durationSeconds(), e.samplesPerSecond(), e.bestSoFar() ? "  *best" : "");
    }

    @Override
    public void onRunEnd(RunOutcome o) {
        out.printf(Locale.ROOT, "%s %s: %s; test loss %.4f acc %.4f (weights of epoch %d)%n", prefix,
                o.status().name().toLowerCase(Locale.ROOT), o.reason(), o.testLoss(), o.testAccuracy(), o.bestEpoch());
    }

    private static String layers(TrainingConfig config, DataSplits data) {
        StringBuilder sb = new StringBuilder().append(data.features());
        for (int h : config.hidden()) {
            sb.append('-').append(h);
        }
        return sb.append('-').append(data.numClasses()).toString();
    }
}
