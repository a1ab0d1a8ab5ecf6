package dev.gradstream.scratch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a task over a range of rows on two threads: the caller and one shared daemon worker claim chunks
 * of rows until none are left, the caller from the front and the worker from the back.
 *
 * <p>Chunks are claimed rather than halves assigned so that a worker that is late (parked, or descheduled
 * by another thread on these two cores) costs nothing: the caller takes the remaining chunks, and if the
 * worker never started it is simply told to skip the task. Only one caller owns the worker at a time; a
 * caller that finds it busy runs the whole range itself, and so does a task that calls {@link #run} again (a
 * product inside one half of a batch, {@link BatchHalves}). Callers must therefore only split work whose
 * result does not depend on which thread computes which chunk; that is what keeps training deterministic.
 *
 * <p>No thread ever spins for long, so neither takes a core another thread needs (the Kafka producer and
 * broker, the evaluator, another backend's trainer): the idle worker spins at most {@link #workerSpinNanos}
 * (100 us: about the gap between two training steps' forks, {@link ScratchModel}) and then parks; a caller
 * waiting for the worker's last chunk spins at most {@link #CALLER_SPIN_NANOS} and then parks until the
 * worker wakes it. Waking a parked worker takes about 60 us on this machine's virtual CPUs, a sixth of a
 * step, so with a 20 us spin the worker joined each step that late (Part I at 165,000 samples/s against
 * 188,000). An older version spun 300 us between tasks and waited for the worker by spinning and yielding
 * without bound: with a third runnable thread on two cores, the spinning thread kept its core while the
 * thread it waited for queued for the other.
 */
final class RowSplitter {

    /** Work over rows {@code [from, to)}. */
    interface RangeTask {
        void run(int from, int to);
    }

    /** System property: how long the idle worker spins before parking, in microseconds (default 100). */
    static final String SPIN_PROPERTY = "gradstream.scratch.spin-micros";

    /** System property: 1 keeps every product on the calling thread (no worker); default 2. */
    static final String THREADS_PROPERTY = "gradstream.scratch.threads";

    static final RowSplitter SHARED = new RowSplitter(Long.getLong(SPIN_PROPERTY, 100) * 1000);

    private static final boolean SPLIT = Integer.getInteger(THREADS_PROPERTY, 2) > 1;

    /** The caller waits at most this long for the worker's chunk before parking (a chunk takes 2-50 us). */
    static final long CALLER_SPIN_NANOS = 5_000;

    private static final int IDLE = 0, POSTED = 1, RUNNING = 2, DONE = 3, CLOSED = 4;

    private final long workerSpinNanos;
    private final ReentrantLock owner = new ReentrantLock();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    /** Chunks not yet claimed, {@code [front, back)}: the front in the high 32 bits, the back in the low. */
    private final AtomicLong unclaimed = new AtomicLong();
    private Thread worker;
    private volatile Thread waitingCaller;
    private volatile int posted;
    private volatile boolean parked;
    private RangeTask task;
    private int total;
    private int grain;
    private Throwable failure;

    RowSplitter(long workerSpinNanos) {
        this.workerSpinNanos = workerSpinNanos;
    }

    /** Runs {@code task} over {@code [0, total)} in chunks of {@code grain} rows; returns when all are done. */
    void run(int total, int grain, RangeTask task) {
        if (!SPLIT || total <= grain || owner.isHeldByCurrentThread() || !owner.tryLock()) {
            task.run(0, total);
            return;
        }
        try {
            startWorkerIfNeeded();
            this.task = task;
            this.total = total;
            this.grain = grain;
            this.failure = null;
            unclaimed.set((total + grain - 1) / grain); // front 0, back the chunk count
            state.set(POSTED); // publishes the fields above to a worker that claims the task
            posted = posted + 1;
            if (parked) {
                LockSupport.unpark(worker);
            }
            Throwable own = null;
            try {
                drain(true);
            } catch (RuntimeException | Error e) {
                unclaimed.set(0); // the worker stops claiming chunks
                own = e;
            }
            if (!state.compareAndSet(POSTED, CLOSED)) {
                awaitWorker();
            }
            Throwable other = failure;
            this.task = null;
            state.set(IDLE);
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

    /**
     * Claims and runs chunks until none are left: the caller from the front, the worker from the back. So
     * while both keep up, each thread takes the same rows of every product and step after step, and those
     * rows' data stays in its own core's cache. Claiming from one counter in turn handed rows back and forth
     * between the cores at random, which costs most when the host makes such transfers slow (README,
     * "Halved epochs").
     */
    private void drain(boolean fromFront) {
        while (true) {
            long claims = unclaimed.get();
            int front = (int) (claims >>> 32);
            int back = (int) claims;
            if (front >= back) {
                return;
            }
            int chunk = fromFront ? front : back - 1;
            long rest = fromFront ? (long) (front + 1) << 32 | back : (long) front << 32 | (back - 1);
            if (unclaimed.compareAndSet(claims, rest)) {
                int from = chunk * grain;
                task.run(from, Math.min(total, from + grain));
            }
        }
    }

    /** Waits for the worker to finish its chunk: a short spin, then parked until the worker says it is done. */
    private void awaitWorker() {
        long start = System.nanoTime();
        int spins = 0;
        while (state.get() != DONE) {
            if ((++spins & 63) != 0 || System.nanoTime() - start < CALLER_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                waitingCaller = Thread.currentThread();
                if (state.get() != DONE) {
                    LockSupport.park(this);
                }
                waitingCaller = null;
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
            worker = new Thread(this::workLoop, "scratch-row-splitter");
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
                if ((++spins & 63) != 0 || System.nanoTime() - idleSince < workerSpinNanos) {
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
            if (state.compareAndSet(POSTED, RUNNING)) {
                try {
                    drain(false);
                } catch (Throwable t) {
                    unclaimed.set(0);
                    failure = t;
                }
                state.set(DONE);
                Thread caller = waitingCaller;
                if (caller != null) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
