package dev.gradstream.scratch.bench;

import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.EpochTimer;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.scratch.ScratchBackend;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Training throughput of the scratch backend: full epochs of shuffled mini-batch SGD with momentum
 * (mu 0.9, lr 0.01 for classify and 0.1 for embed, per-layer gradient statistics on every step, as the
 * trainer does), timed per epoch. Prints figures; never asserts anything about time.
 */
public final class ScratchThroughputBenchmark {

    private static final double LEARNING_RATE = TaskSpec.defaults("classify").learningRate();
    private static final double EMBED_LEARNING_RATE = TaskSpec.defaults("embed").learningRate();
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
     * The same for a fresh Kaiming-initialised Part II (embed) model, at lr 0.1.
     *
     * @return samples per second of each epoch
     */
    public static double[] runEmbedding(float[] x, int[] labels, int n, EmbeddingSpec spec, int batchSize, int epochs,
                                        long seed) {
        try (Model model = new ScratchBackend().createEmbedding(spec, KaimingInit.initialise(spec, seed))) {
            return EpochTimer.run("scratch embed " + spec, model, x, labels, n, batchSize, epochs, EMBED_LEARNING_RATE,
                    MOMENTUM, seed);
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
        int classes = embed ? 5 : 10;
        SplittableRandom random = new SplittableRandom(42);
        float[] x = EpochTimer.randomInputs(n, 784, random);
        int[] labels = EpochTimer.randomLabels(n, classes, random);
        if (embed) {
            boolean trainWord = args.length > 2 && args[2].equals("train-word");
            runEmbedding(x, labels, n, EpochTimer.quickDrawEmbedding(trainWord, precision), 64, epochs, 7);
        } else {
            run(x, labels, n, new ModelSpec(784, TaskSpec.defaults("classify").hidden(), classes, precision), 64, epochs, 7);
        }
    }
}
