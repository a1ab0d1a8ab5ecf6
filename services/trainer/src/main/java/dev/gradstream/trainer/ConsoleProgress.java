package dev.gradstream.trainer;

import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.training.BatchRecord;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One line per epoch on a console, prefixed with the backend so that side-by-side runs stay readable. On a
 * terminal a progress bar per run (mini-batches over the whole run, drawn by {@code me.tongfei:progressbar})
 * stays below those lines ({@link ProgressLine}); when the output is not a terminal (a pipe, a file, a test)
 * only the lines are printed. {@code --quiet} gives the run no ConsoleProgress at all.
 */
public final class ConsoleProgress implements TrainingListener {

    private final PrintStream out;
    private final String name;
    private final String prefix;
    private final ProgressLine bars;
    private long batchesPerEpoch = 1;
    private int maxEpochs = 1;
    private String lastEpoch = "";

    public ConsoleProgress(PrintStream out, String backend) {
        this.out = out;
        this.name = backend;
        this.prefix = String.format(Locale.ROOT, "[%-7s]", backend);
        this.bars = ProgressLine.forTerminal(out);
    }

    @Override
    public void onRunStart(TrainingConfig config, DataSplits data) {
        print(String.format(Locale.ROOT, "%s training %s on %s (%d train / %d validation / %d test), %s", prefix,
                layers(config, data), data.name(), data.train().count(), data.validation().count(),
                data.test().count(), config));
        batchesPerEpoch = Math.max(1, (data.train().count() + config.batchSize() - 1) / config.batchSize());
        maxEpochs = config.maxEpochs();
        if (bars != null) {
            bars.start(name, batchesPerEpoch * maxEpochs);
        }
    }

    @Override
    public void onBatch(BatchRecord b) {
        if (bars != null) {
            bars.update(name, (b.epoch() - 1) * batchesPerEpoch + b.batch() + 1, String.format(Locale.ROOT,
                    "epoch %d/%d loss %.3f%s", b.epoch(), maxEpochs, b.loss(), lastEpoch));
        }
    }

    @Override
    public void onEpoch(EpochRecord e) {
        print(String.format(Locale.ROOT,
                "%s epoch %3d/%d  train loss %.4f acc %.4f | val loss %.4f acc %.4f | %5.1f s %,9.0f samples/s%s",
                prefix, e.epoch(), e.maxEpochs(), e.trainLoss(), e.trainAccuracy(), e.validationLoss(),
                e.validationAccuracy(), e.durationSeconds(), e.samplesPerSecond(), e.bestSoFar() ? "  *best" : ""));
        lastEpoch = String.format(Locale.ROOT, " | val acc %.3f", e.validationAccuracy());
    }

    @Override
    public void onRunEnd(RunOutcome o) {
        if (bars != null) {
            bars.finish(name);
        }
        print(String.format(Locale.ROOT, "%s %s: %s; test loss %.4f acc %.4f (weights of epoch %d)", prefix,
                o.status().name().toLowerCase(Locale.ROOT), o.reason(), o.testLoss(), o.testAccuracy(), o.bestEpoch()));
    }

    private void print(String line) {
        if (bars != null) {
            bars.println(line);
        } else {
            out.println(line);
        }
    }

    private static String layers(TrainingConfig config, DataSplits data) {
        StringBuilder sb = new StringBuilder().append(data.features());
        for (int h : config.hidden()) {
            sb.append('-').append(h);
        }
        return sb.append('-').append(data.numClasses()).toString();
    }
}
