package dev.gradstream.core.training;

import dev.gradstream.core.data.ClassEmbeddings;
import dev.gradstream.core.data.ClassNames;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.NetworkSpec;
import dev.gradstream.core.model.Precision;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The backends' micro-benchmark loop: full epochs of shuffled mini-batch SGD with momentum on a model,
 * with per-layer gradient statistics on every step as the trainer does, timed per epoch and printed. No
 * events, no validation: the cost of the maths alone. Prints figures; never asserts anything about time.
 * Also the benchmarks' one setting (learning rate, momentum, label), model and random data, so that every
 * backend's figures compare.
 */
public final class EpochTimer {

    /** Momentum of every benchmark run: the tasks' default. */
    private static final double MOMENTUM = 0.9;
    /** Inputs of a benchmark image: 28 x 28 pixels. */
    private static final int IMAGE_PIXELS = 784;

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

    /**
     * Trains {@code model}, a fresh model of {@code spec} on the backend named {@code backend}, as every
     * backend's throughput benchmark does so that their figures compare: at the task's default learning rate
     * ({@link TaskSpec#defaults}: 0.01 classify, 0.1 embed) and momentum 0.9, labelled with the backend, the
     * task and the shape.
     *
     * @return samples per second of each epoch
     */
    public static double[] run(String backend, Model model, NetworkSpec spec, float[] x, int[] labels, int n,
                               int batchSize, int epochs, long seed) {
        boolean embed = spec instanceof EmbeddingSpec;
        double learningRate = TaskSpec.defaults(embed ? "embed" : "classify").learningRate();
        return run(backend + (embed ? " embed " : " ") + spec, model, x, labels, n, batchSize, epochs, learningRate,
                MOMENTUM, seed);
    }

    /**
     * The model the backends' benchmarks train on {@link RandomImages}, at the task's default widths
     * ({@link TaskSpec#defaults}): Part I 784-128-128-128-10; with {@code embed}, Part II (image 784-512-512-32,
     * word 100-32-32) over the bundled GloVe vectors of the 5 QuickDraw classes.
     */
    public static NetworkSpec benchmarkSpec(boolean embed, boolean trainWordNet, Precision precision) {
        if (!embed) {
            return new ModelSpec(IMAGE_PIXELS, TaskSpec.defaults("classify").hidden(), 10, precision);
        }
        TaskSpec.Defaults defaults = TaskSpec.defaults("embed");
        ClassEmbeddings words = ClassEmbeddings.load(ClassNames.QUICKDRAW_5, null);
        return new EmbeddingSpec(IMAGE_PIXELS, defaults.hidden(), words.dimension(), defaults.wordHidden(),
                defaults.embedDim(), ClassNames.QUICKDRAW_5.size(), words.vectors(), trainWordNet, precision);
    }

    /**
     * The benchmarks' data: {@code n} random 784-pixel images in [0, 1) with random labels, drawn from one fixed
     * seed so that every backend times the same samples.
     *
     * @param x row-major {@code n x 784}
     */
    public record RandomImages(float[] x, int[] labels) {

        /** {@code n} images labelled with the classes of {@code spec}, the same ones on every call. */
        public static RandomImages of(int n, NetworkSpec spec) {
            int classes = spec instanceof EmbeddingSpec e ? e.numClasses() : ((ModelSpec) spec).outputSize();
            SplittableRandom random = new SplittableRandom(42);
            float[] x = randomInputs(n, IMAGE_PIXELS, random);
            return new RandomImages(x, randomLabels(n, classes, random));
        }

        /** How many images. */
        public int n() {
            return labels.length;
        }
    }

    /** {@code n x features} uniform random inputs in [0, 1) and {@code n} random labels below {@code classes}. */
    private static float[] randomInputs(int n, int features, SplittableRandom random) {
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }

    /** {@code n} random labels below {@code classes}. */
    private static int[] randomLabels(int n, int classes, SplittableRandom random) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }
}
