package dev.gradstream.scratch.bench;

import dev.gradstream.core.training.EpochTimer;
import dev.gradstream.core.data.ClassEmbeddings;
import dev.gradstream.core.data.ClassNames;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.Precision;
import dev.gradstream.scratch.ScratchBackend;
import java.util.SplittableRandom;

/**
 * Training throughput of the scratch Part II (embed) model, in the style of
 * {@link ScratchThroughputBenchmark}: full epochs of shuffled mini-batch SGD with momentum (lr 0.1, mu 0.9,
 * the embed defaults, per-layer gradient statistics on every step), timed per epoch. Prints figures; never
 * asserts anything about time.
 */
public final class EmbeddingThroughputBenchmark {

    private static final double LEARNING_RATE = 0.1;
    private static final double MOMENTUM = 0.9;

    private EmbeddingThroughputBenchmark() {
    }

    /**
     * Trains a fresh Kaiming-initialised model on the given samples and prints one line per epoch.
     *
     * @return samples per second of each epoch
     */
    public static double[] run(float[] x, int[] labels, int n, EmbeddingSpec spec, int batchSize, int epochs, long seed) {
        try (Model model = new ScratchBackend().createEmbedding(spec, KaimingInit.initialise(spec, seed))) {
            return EpochTimer.run("scratch embed " + spec, model, x, labels, n, batchSize, epochs, LEARNING_RATE,
                    MOMENTUM, seed);
        }
    }

    /**
     * Quick check on random 784-pixel images with random labels of the 5 QuickDraw classes (bundled GloVe
     * vectors): image 784-512-512-32, word 100-32-32, batch 64. Arguments (all optional): epochs (default 3),
     * precision (default float32), "train-word" to train the word net too (default frozen), samples
     * (default 60000).
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Precision precision = args.length > 1 ? Precision.parse(args[1]) : Precision.FLOAT32;
        boolean trainWord = args.length > 2 && args[2].equals("train-word");
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 60_000;
        ClassEmbeddings words = ClassEmbeddings.load(ClassNames.QUICKDRAW_5, null);
        EmbeddingSpec spec = new EmbeddingSpec(784, new int[] {512, 512}, words.dimension(), new int[] {32}, 32, 5,
                words.vectors(), trainWord, precision);
        SplittableRandom random = new SplittableRandom(42);
        float[] x = EpochTimer.randomInputs(n, 784, random);
        int[] labels = EpochTimer.randomLabels(n, 5, random);
        run(x, labels, n, spec, 64, epochs, 7);
    }
}
