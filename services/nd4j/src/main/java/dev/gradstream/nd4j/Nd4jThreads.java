package dev.gradstream.nd4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Caps ND4J's native thread pools (libnd4j's OpenMP and the BLAS). At batch 64 the ops are too small to
 * share, and spinning pools cost far more than they give (measured here: 2,500 samples/s with the default
 * pools against about 20,000 with one thread, on a busy 2-core machine). Process-wide; set once.
 */
public final class Nd4jThreads {

    /** System property naming the thread count; default {@value #DEFAULT}. */
    public static final String PROPERTY = "gradstream.nd4j.threads";
    public static final int DEFAULT = 1;

    private static boolean applied;

    private Nd4jThreads() {
    }

    /** Applies {@code -Dgradstream.nd4j.threads} (default 1) the first time it is called. */
    static synchronized void applyConfigured() {
        if (!applied) {
            limit(Integer.getInteger(PROPERTY, DEFAULT));
        }
    }

    /** Caps both native pools at {@code threads}. */
    public static synchronized void limit(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException(PROPERTY + " must be positive, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.getBlasWrapper().level1(); // loads the BLAS backend before capping it
        Nd4j.factory().blas().setMaxThreads(threads);
        applied = true;
    }
}
