package dev.gradstream.scratch;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scratch float32 products at the shapes one training step of batch 64 runs, for a layer
 * {@code fanIn x fanOut}: forward {@code x[64 x fanIn] . W}, weight gradient {@code x^T . dz[64 x fanOut]}
 * and input gradient {@code dz . W^T} (which includes transposing W, as in training). {@code kernels} is the
 * training path ({@link FloatKernels}: caller plus the row splitter's worker when the product is large
 * enough); {@code oneThread} is {@link FloatGemm} on the calling thread alone. Each call is
 * {@code 2 x 64 x fanIn x fanOut} floating-point operations; {@link KernelBenchmarks} turns the times into
 * GFLOP/s against the machine's peak.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FloatKernelBenchmark {

    static final int BATCH = 64;

    /** fanIn x fanOut of the layers: Part I's first and hidden layers, Part II's. */
    @Param({"784x128", "128x128", "784x512", "512x512"})
    public String layer;

    /** forward, weightGrad or inputGrad. */
    @Param({"forward", "weightGrad", "inputGrad"})
    public String product;

    private int fanIn;
    private int fanOut;
    private float[] x;
    private float[] w;
    private float[] dz;
    private float[] out;
    private float[] transposed;
    private final FloatKernels kernels = new FloatKernels();

    @Setup
    public void setUp() {
        String[] dims = layer.split("x");
        fanIn = Integer.parseInt(dims[0]);
        fanOut = Integer.parseInt(dims[1]);
        SplittableRandom random = new SplittableRandom(1);
        x = random(BATCH * fanIn, random);
        w = random(fanIn * fanOut, random);
        dz = random(BATCH * fanOut, random);
        out = new float[Math.max(BATCH * fanIn, fanIn * fanOut)];
        transposed = new float[fanIn * fanOut];
    }

    private static float[] random(int n, SplittableRandom random) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
        }
        return a;
    }

    @Benchmark
    public float[] kernels() {
        switch (product) {
            case "forward" -> kernels.multiply(x, w, out, BATCH, fanIn, fanOut);
            case "weightGrad" -> kernels.multiplyTransposedLeft(x, dz, out, BATCH, fanIn, fanOut);
            default -> kernels.multiplyTransposedRight(dz, w, out, BATCH, fanIn, fanOut);
        }
        return out;
    }

    @Benchmark
    public float[] oneThread() {
        switch (product) {
            case "forward" -> FloatGemm.multiply(x, fanIn, 1, w, out, 0, BATCH, fanIn, fanOut);
            case "weightGrad" -> FloatGemm.multiply(x, 1, fanIn, dz, out, 0, fanIn, BATCH, fanOut);
            default -> {
                for (int p = 0; p < fanIn; p++) {
                    for (int j = 0; j < fanOut; j++) {
                        transposed[j * fanIn + p] = w[p * fanOut + j];
                    }
                }
                FloatGemm.multiply(dz, fanOut, 1, transposed, out, 0, BATCH, fanOut, fanIn);
            }
        }
        return out;
    }
}
