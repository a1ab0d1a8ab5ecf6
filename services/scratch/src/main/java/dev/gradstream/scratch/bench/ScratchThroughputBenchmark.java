package dev.gradstream.scratch.bench;

import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.NetworkSpec;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.EpochTimer;
import dev.gradstream.core.training.EpochTimer.RandomImages;
import dev.gradstream.scratch.ScratchBackend;
import java.util.Arrays;

/**
 * Training throughput of the scratch backend: full epochs of shuffled mini-batch SGD with momentum
 * (mu 0.9, lr 0.01 for classify and 0.1 for embed, per-layer gradient statistics on every step, as the
 * trainer does), timed per epoch. Prints figures; never asserts anything about time.
 */
public final class ScratchThroughputBenchmark {

    private ScratchThroughputBenchmark() {
    }

    /**
     * Trains a fresh Kaiming-initialised model of {@code spec} (Part I or Part II) on the given samples, at the
     * task's default learning rate ({@link EpochTimer#run(String, Model, NetworkSpec, float[], int[], int, int,
     * int, long)}), and prints one line per epoch.
     *
     * @param x      row-major {@code n x spec.inputSize()} inputs (e.g. pixels in [0, 1])
     * @param labels {@code n} class indices
     * @param seed   seeds the initial weights and the per-epoch shuffles
     * @return samples per second of each epoch
     */
    public static double[] run(float[] x, int[] labels, int n, NetworkSpec spec, int batchSize, int epochs, long seed) {
        try (Model model = spec.createOn(new ScratchBackend(), KaimingInit.initialise(spec, seed))) {
            return EpochTimer.run(ScratchBackend.NAME, model, spec, x, labels, n, batchSize, epochs, seed);
        }
    }

    /**
     * Quick check on random 784-pixel images with random labels, batch 64: classify trains
     * 784-128-128-128-10; with a leading {@code embed} argument, the Part II model (image 784-512-512-32, word
     * 100-32-32 on the bundled GloVe vectors of the 5 QuickDraw classes). Arguments (all optional): [embed]
     * epochs (default 3), precision (default float32), and for embed "train-word" to train the word net too
     * (default frozen) and the number of samples (default 60000).
     */
    public static void main(String[] args) {
        boolean embed = args.length > 0 && args[0].equals("embed");
        if (embed) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Precision precision = args.length > 1 ? Precision.parse(args[1]) : Precision.FLOAT32;
        int n = embed && args.length > 3 ? Integer.parseInt(args[3]) : 60_000;
        boolean trainWord = embed && args.length > 2 && args[2].equals("train-word");
        NetworkSpec spec = EpochTimer.benchmarkSpec(embed, trainWord, precision);
        RandomImages images = RandomImages.of(n, spec);
        run(images.x(), images.labels(), n, spec, 64, epochs, 7);
    }
}
