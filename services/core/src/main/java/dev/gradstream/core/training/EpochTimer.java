package dev.gradstream.core.training;

import dev.gradstream.core.data.ClassEmbeddings;
import dev.gradstream.core.data.ClassNames;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.Precision;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The backends' micro-benchmark loop: full epochs of shuffled mini-batch SGD with momentum on a model,
 * with per-layer gradient statistics on every step as the trainer does, timed per epoch and printed. No
 * events, no validation: the cost of the maths alone. Prints figures; never asserts anything about time.
 */
public final class EpochTimer {

    private EpochTimer() {
    }

    /**
     * Trains {@code model} on the {@code n} samples and prints one line per epoch, labelled {@code label}.
     *
     * @param x row-major {@code n x features}
     * @return samples per second of each epoch
     */
    public static double[] run(String label, Model model, float[] x, int[] labels, int n, int batchSize, int epochs,
                               double learningRate, double momentum, long seed) {
        if (n <= 0 || batchSize <= 0 || epochs <= 0) {
            throw new IllegalArgumentException("n, batch size and epochs must be positive, got " + n + ", "
                    + batchSize + ", " + epochs);
        }
        int features = x.length / n;
        float[] batchX = new float[batchSize * features];
        int[] batchLabels = new int[batchSize];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        LayerGradientStats[] stats = new LayerGradientStats[model.layerCount()];
        double[] samplesPerSecond = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
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
                    System.arraycopy(x, order[from + i] * features, batchX, i * features, features);
                    batchLabels[i] = labels[order[from + i]];
                }
                lossSum += model.computeGradients(batchX, batchLabels, rows) * rows;
                correct += model.lastBatchCorrect();
                model.applyUpdate(learningRate, momentum, stats);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            samplesPerSecond[epoch] = n / seconds;
            System.out.printf(Locale.ROOT, "%s batch %d epoch %d: %.3f s, %.0f samples/s, train loss %.4f, "
                    + "train accuracy %.4f%n", label, batchSize, epoch + 1, seconds, samplesPerSecond[epoch],
                    lossSum / n, (double) correct / n);
        }
        if (epochs > 1) {
            double steady = 0;
            for (int epoch = 1; epoch < epochs; epoch++) {
                steady += samplesPerSecond[epoch];
            }
            System.out.printf(Locale.ROOT, "%s batch %d: %.0f samples/s mean over epochs 2..%d (epoch 1 includes "
                    + "warm-up)%n", label, batchSize, steady / (epochs - 1), epochs);
        }
        return samplesPerSecond;
    }

    /** {@code n x features} uniform random inputs in [0, 1) and {@code n} random labels below {@code classes}. */
    public static float[] randomInputs(int n, int features, SplittableRandom random) {
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }

    /**
     * The Part II model the backends' benchmarks train: the embed task's default shapes
     * ({@link TaskSpec#defaults}: image 784-512-512-32, word 100-32-32) over the bundled GloVe vectors of the
     * 5 QuickDraw classes.
     */
    public static EmbeddingSpec quickDrawEmbedding(boolean trainWordNet, Precision precision) {
        TaskSpec.Defaults embed = TaskSpec.defaults("embed");
        ClassEmbeddings words = ClassEmbeddings.load(ClassNames.QUICKDRAW_5, null);
        return new EmbeddingSpec(784, embed.hidden(), words.dimension(), embed.wordHidden(), embed.embedDim(),
                ClassNames.QUICKDRAW_5.size(), words.vectors(), trainWordNet, precision);
    }

    /** {@code n} random labels below {@code classes}. */
    public static int[] randomLabels(int n, int classes, SplittableRandom random) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }
}
