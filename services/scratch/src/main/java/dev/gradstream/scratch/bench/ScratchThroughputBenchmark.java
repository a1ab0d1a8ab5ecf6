package dev.gradstream.scratch.bench;

import dev.gradstream.core.training.EpochTimer;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.Precision;
import dev.gradstream.scratch.ScratchBackend;
import java.util.SplittableRandom;

/**
 * Training throughput of the scratch backend: full epochs of shuffled mini-batch SGD with momentum
 * (lr 0.01, mu 0.9, per-layer gradient statistics on every step, as the trainer does), timed per epoch.
 * Prints figures; never asserts anything about time.
 */
public final class ScratchThroughputBenchmark {

    private static final double LEARNING_RATE = 0.01;
    private static final double MOMENTUM = 0.9;

    private ScratchThroughputBenchmark() {
    }

    /**
     * Trains a fresh Kaiming-initialised model on the given samples and prints one line per epoch.
     *
     * @param x      row-major {@code n x spec.inputSize()} inputs (e.g. pixels in [0, 1])
     * @param labels {@code n} class indices
     * @param seed   seeds the initial weights and the per-epoch shuffles
     * @return samples per second of each epoch
     */
    public static double[] run(float[] x, int[] labels, int n, ModelSpec spec, int batchSize, int epochs, long seed) {
        try (Model model = new ScratchBackend().create(spec, KaimingInit.initialise(spec, seed))) {
            return EpochTimer.run("scratch " + spec, model, x, labels, n, batchSize, epochs, LEARNING_RATE, MOMENTUM,
                    seed);
        }
    }

    /**
     * Quick check on 60,000 random 784-pixel images with random labels: 784-128-128-128-10, batch 64.
     * Arguments (all optional): epochs (default 3), precision (default float32).
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Precision precision = args.length > 1 ? Precision.parse(args[1]) : Precision.FLOAT32;
        int n = 60_000;
        SplittableRandom random = new SplittableRandom(42);
        float[] x = EpochTimer.randomInputs(n, 784, random);
        int[] labels = EpochTimer.randomLabels(n, 10, random);
        run(x, labels, n, new ModelSpec(784, new int[] {128, 128, 128}, 10, precision), 64, epochs, 7);
    }
}
