package dev.gradstream.scratch.bench;

import dev.gradstream.core.data.ClassEmbeddings;
import dev.gradstream.core.data.ClassNames;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.Precision;
import dev.gradstream.scratch.ScratchBackend;
import java.util.Locale;
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
        if (n <= 0 || batchSize <= 0 || epochs <= 0) {
            throw new IllegalArgumentException("n, batch size and epochs must be positive, got " + n + ", "
                    + batchSize + ", " + epochs);
        }
        int features = spec.inputSize();
        float[] batchX = new float[batchSize * features];
        int[] batchLabels = new int[batchSize];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        LayerGradientStats[] stats = new LayerGradientStats[spec.layerCount()];
        double[] samplesPerSecond = new double[epochs];
        try (Model model = new ScratchBackend().createEmbedding(spec, KaimingInit.initialise(spec, seed))) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                long start = System.nanoTime();
                double lossSum = 0;
                long correct = 0;
                for (int from = 0; from < n; from += batchSize) {
                    int rows = Math.min(batchSize, n - from);
                    for (int i = 0; i < rows; i++) {
                        int src = order[from + i];
                        System.arraycopy(x, src * features, batchX, i * features, features);
                        batchLabels[i] = labels[src];
                    }
                    lossSum += model.computeGradients(batchX, batchLabels, rows) * rows;
                    correct += model.lastBatchCorrect();
                    model.applyUpdate(LEARNING_RATE, MOMENTUM, stats);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                samplesPerSecond[epoch] = n / seconds;
                System.out.printf(Locale.ROOT, "scratch embed %s batch %d epoch %d: %.3f s, %.0f samples/s, "
                                + "train loss %.4f, train accuracy %.4f%n", spec, batchSize, epoch + 1, seconds,
                        samplesPerSecond[epoch], lossSum / n, (double) correct / n);
            }
        }
        if (epochs > 1) {
            double steady = 0;
            for (int epoch = 1; epoch < epochs; epoch++) {
                steady += samplesPerSecond[epoch];
            }
            System.out.printf(Locale.ROOT, "scratch embed %s batch %d: %.0f samples/s mean over epochs 2..%d "
                    + "(epoch 1 includes JIT warm-up)%n", spec, batchSize, steady / (epochs - 1), epochs);
        }
        return samplesPerSecond;
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
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(5);
        }
        run(x, labels, n, spec, 64, epochs, 7);
    }
}
