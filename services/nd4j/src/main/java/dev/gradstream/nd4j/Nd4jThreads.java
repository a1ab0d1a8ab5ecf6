package dev.gradstream.nd4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Caps ND4J's native thread pools (libnd4j's OpenMP and the BLAS). At batch 64 the ops are too small to
 * share, and spinning pools cost far more than they give (measured here: 2,500 samples/s with the default
 * pools against about 20,000 with one thread, on a busy 2-core machine).
 *
 * <p>libnd4j's and the BLAS's caps are process-wide, but OpenMP's thread count is a per-thread setting
 * ({@code omp_set_num_threads} changes the calling thread's ICV only): a thread that never set it gets
 * one OpenMP thread per core. The models therefore call {@link #applyToThisThread()} on every entry, so
 * whichever thread trains (a trainer thread, not the one that built the model) runs with the cap. Without
 * it, {@code train} ran nd4j at a third to a quarter of its {@code bench} speed: the gradient comparison
 * created the first model on the launcher's thread, and the trainer threads ran with two spinning OpenMP
 * threads each.
 */
public final class Nd4jThreads {

    /** System property naming the thread count; default {@value #DEFAULT}. */
    public static final String PROPERTY = "gradstream.nd4j.threads";
    public static final int DEFAULT = 1;

    /** The cap applied, 0 until the first {@link #limit}. */
    private static volatile int threads;
    /** The count last applied to each thread's OpenMP setting (0: never). */
    private static final ThreadLocal<int[]> APPLIED_HERE = ThreadLocal.withInitial(() -> new int[1]);

    private Nd4jThreads() {
    }

    /** Applies {@code -Dgradstream.nd4j.threads} (default 1) the first time it is called. */
    static synchronized void applyConfigured() {
        if (threads == 0) {
            limit(Integer.getInteger(PROPERTY, DEFAULT));
        }
    }

    /** Caps both native pools at {@code threads} (OpenMP: for this thread, and for others as they call in). */
    public static synchronized void limit(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException(PROPERTY + " must be positive, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getBlasWrapper().level1(); // loads the BLAS backend before capping it
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4jThreads.threads = threads;
        applyToThisThread();
    }

    /** Applies the cap to the calling thread's OpenMP setting, once per thread (cheap after the first call). */
    static void applyToThisThread() {
        int[] here = APPLIED_HERE.get();
        int wanted = threads;
        if (here[0] != wanted) {
            if (wanted == 0) { // the first call of the process; another thread may be the one that applies it
                applyConfigured();
                wanted = threads;
            }
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(wanted);
            here[0] = wanted;
        }
    }
}
