package dev.gradstream.nd4j.bench;

import dev.gradstream.core.training.EpochTimer;
import dev.gradstream.core.training.EpochTimer.RandomImages;
import dev.gradstream.nd4j.Nd4jThreads;
import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.NetworkSpec;
import dev.gradstream.core.model.Precision;
import dev.gradstream.nd4j.Nd4jBackend;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Training throughput of the nd4j backend: full epochs of shuffled mini-batch SGD with momentum
 * (mu 0.9, lr 0.01 for classify and 0.1 for embed, per-layer gradient statistics on every step, as the
 * trainer does), timed per epoch. Same loop as the scratch benchmark ({@code ScratchThroughputBenchmark})
 * so that the figures compare. Prints figures; never asserts anything
 * about time.
 */
public final class Nd4jThroughputBenchmark {

    private Nd4jThroughputBenchmark() {
    }

    /**
     * Trains a fresh Kaiming-initialised model of {@code spec} (Part I or Part II) on the given samples, at the
     * task's default learning rate ({@link EpochTimer#run(String, Model, NetworkSpec, float[], int[], int, int,
     * int, long)}), and prints the time the model took to build, then one line per epoch.
     *
     * @param x      row-major {@code n x spec.inputSize()} inputs (e.g. pixels in [0, 1])
     * @param labels {@code n} class indices
     * @param seed   seeds the initial weights and the per-epoch shuffles
     * @return samples per second of each epoch
     */
    public static double[] run(float[] x, int[] labels, int n, NetworkSpec spec, int batchSize, int epochs, long seed) {
        long setup = System.nanoTime();
        try (Model model = spec.createOn(new Nd4jBackend(), KaimingInit.initialise(spec, seed))) {
            System.out.printf(Locale.ROOT, "nd4j model built in %.2f s (includes loading the natives)%n",
                    (System.nanoTime() - setup) / 1e9);
            return EpochTimer.run(Nd4jBackend.NAME, model, spec, x, labels, n, batchSize, epochs, seed);
        }
    }

    /**
     * 60,000 random 784-pixel images with random labels, batch 64 unless given: classify trains
     * 784-128-128-128-10; with a leading {@code embed} argument, the Part II model (image 784-512-512-32, word
     * 100-32-32 on the bundled GloVe vectors of the 5 QuickDraw classes, word net frozen), the configuration
     * of {@code ScratchThroughputBenchmark embed}.
     * Arguments (all optional): [embed] epochs (default 2), precision (default float32), batch size (default
     * 64), native threads (default {@code -Dgradstream.nd4j.threads}, else 1; see {@link Nd4jThreads}), and for embed "train-word" to train the word net
     * too. The thread count caps libnd4j's OpenMP pool and OpenBLAS at run time, the programmatic equivalent
     * of {@code OMP_NUM_THREADS=n OPENBLAS_NUM_THREADS=n}: at batch 64 the ops are too small to share, and
     * spinning pools cost far more than they give on a busy machine.
     */
    public static void main(String[] args) {
        boolean embed = args.length > 0 && args[0].equals("embed");
        if (embed) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Precision precision = args.length > 1 ? Precision.parse(args[1]) : Precision.FLOAT32;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        Nd4jThreads.limit(args.length > 3 ? Integer.parseInt(args[3])
                : Integer.getInteger(Nd4jThreads.PROPERTY, Nd4jThreads.DEFAULT));
        System.out.printf(Locale.ROOT, "nd4j native threads: %d (libnd4j), %d (BLAS)%n",
                NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), Nd4j.factory().blas().getMaxThreads());
        boolean trainWord = embed && args.length > 4 && args[4].equals("train-word");
        NetworkSpec spec = EpochTimer.benchmarkSpec(embed, trainWord, precision);
        RandomImages images = RandomImages.of(60_000, spec);
        run(images.x(), images.labels(), images.n(), spec, batch, epochs, 7);
    }
}
