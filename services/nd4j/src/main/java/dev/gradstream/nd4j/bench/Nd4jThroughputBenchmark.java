package dev.gradstream.nd4j.bench;

import dev.gradstream.nd4j.Nd4jThreads;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.Precision;
import dev.gradstream.nd4j.Nd4jBackend;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import java.util.SplittableRandom;

/**
 * Training throughput of the nd4j backend: full epochs of shuffled mini-batch SGD with momentum
 * (lr 0.01, mu 0.9, per-layer gradient statistics on every step, as the trainer does), timed per epoch.
 * Same loop as the scratch benchmark so that the two figures compare. Prints figures; never asserts
 * anything about time.
 */
public final class Nd4jThroughputBenchmark {

    private static final double LEARNING_RATE = 0.01;
    private static final double MOMENTUM = 0.9;

    private Nd4jThroughputBenchmark() {
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
        long setup = System.nanoTime();
        try (Model model = new Nd4jBackend().create(spec, KaimingInit.initialise(spec, seed))) {
            System.out.printf(Locale.ROOT, "nd4j model built in %.2f s (includes loading the natives)%n",
                    (System.nanoTime() - setup) / 1e9);
            for (int epoch = 0; epoch < epochs; epoch++) {
                shuffle(order, random);
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
                System.out.printf(Locale.ROOT, "nd4j %s batch %d epoch %d: %.3f s, %.0f samples/s, "
                                + "train loss %.4f, train accuracy %.4f%n", spec, batchSize, epoch + 1, seconds,
                        samplesPerSecond[epoch], lossSum / n, (double) correct / n);
            }
        }
        return samplesPerSecond;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * 60,000 random 784-pixel images with random labels: 784-128-128-128-10, batch 64.
     * Arguments (all optional): epochs (default 2), precision (default float32), batch size (default 64),
     * native threads (default: ND4J's own choice). A thread count caps libnd4j's OpenMP pool and OpenBLAS
     * at run time, the programmatic equivalent of {@code OMP_NUM_THREADS=n OPENBLAS_NUM_THREADS=n}: at
     * batch 64 the ops are too small to share, and spinning pools cost far more than they give on a busy
     * machine.
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Precision precision = args.length > 1 ? Precision.parse(args[1]) : Precision.FLOAT32;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        if (args.length > 3) {
            Nd4jThreads.limit(Integer.parseInt(args[3]));
        }
        System.out.printf(Locale.ROOT, "nd4j native threads: %d (libnd4j), %d (BLAS)%n",
                NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), Nd4j.factory().blas().getMaxThreads());
        int n = 60_000;
        SplittableRandom random = new SplittableRandom(42);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        run(x, labels, n, new ModelSpec(784, new int[] {128, 128, 128}, 10, precision), batch, epochs, 7);
    }
}
