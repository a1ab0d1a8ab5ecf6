package dev.gradstream.scratch;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a task over a range of rows on two threads: the caller takes the first half, one shared daemon
 * worker the second. Meant for work items of tens to hundreds of microseconds, so the worker spins
 * briefly between tasks instead of sleeping, and parks once it has been idle for {@link #IDLE_SPIN_NANOS}.
 *
 * <p>Only one caller owns the worker at a time; a caller that finds it busy (another model training on
 * another thread) simply runs the whole range itself. Callers must therefore only split work whose result
 * does not depend on the split, which is what keeps training deterministic.
 */
final class RowSplitter {

    /** Work over rows {@code [from, to)}. */
    interface RangeTask {
        void run(int from, int to);
    }

    static final RowSplitter SHARED = new RowSplitter();

    private static final long IDLE_SPIN_NANOS = 300_000;

    private final ReentrantLock owner = new ReentrantLock();
    private Thread worker;
    private volatile int posted;
    private volatile int finished;
    private volatile boolean parked;
    private RangeTask task;
    private int from;
    private int to;
    private Throwable failure;

    private RowSplitter() {
    }

    /**
     * Runs {@code task} over {@code [0, total)}, split at a multiple of {@code grain} (the caller's half
     * first), and returns when both halves are done.
     */
    void run(int total, int grain, RangeTask task) {
        int mid = (total / grain + 1) / 2 * grain;
        if (mid <= 0 || mid >= total || !owner.tryLock()) {
            task.run(0, total);
            return;
        }
        try {
            startWorkerIfNeeded();
            this.task = task;
            this.from = mid;
            this.to = total;
            this.failure = null;
            int ticket = posted + 1;
            posted = ticket; // volatile write publishes the fields above
            if (parked) {
                LockSupport.unpark(worker);
            }
            Throwable own = null;
            try {
                task.run(0, mid);
            } catch (RuntimeException | Error e) {
                own = e;
            }
            awaitWorker(ticket);
            this.task = null;
            Throwable other = failure;
            if (own != null) {
                rethrow(own);
            }
            if (other != null) {
                rethrow(other);
            }
        } finally {
            owner.unlock();
        }
    }

    private void awaitWorker(int ticket) {
        int spins = 0;
        while (finished != ticket) {
            if (++spins < 1 << 16) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    private void startWorkerIfNeeded() {
        if (worker == null) {
            worker = new Thread(this::workLoop, "scratch-gemm-worker");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void workLoop() {
        int seen = 0;
        while (true) {
            long idleSince = System.nanoTime();
            int spins = 0;
            while (posted == seen) {
                if ((++spins & 255) != 0 || System.nanoTime() - idleSince < IDLE_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (posted == seen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
            seen = posted;
            try {
                task.run(from, to);
            } catch (Throwable t) {
                failure = t;
            }
            finished = seen;
        }
    }
}
