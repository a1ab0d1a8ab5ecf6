package dev.gradstream.scratch;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Decides, window by window of one model's training steps, whether its kernels split work between the two
 * threads ({@link RowSplitter}) or keep it on the caller's.
 *
 * <p>Split is the default, about 1.27 times as fast as one thread at Part I's shapes. But on these shared
 * two-vCPU machines the split sometimes falls, for 0.5 to 5 s at a time, to under half its speed and below
 * one thread's (Part I steps of 870-900 us against 380-400 split and 480-500 alone). In a Flight Recorder
 * profile of such epochs every kernel that reads what the other core wrote slows down (the momentum step 5
 * times, ReLU 10 times, the products 1.4 times) while both threads keep their cores, and no GC, compilation
 * or page fault coincides; one thread alone was never slowed so in 320 epochs. So:
 * <ul>
 *   <li>while split, a window whose median step takes over {@link #SLOW_ABOVE} times the best of the last
 *       {@link #HISTORY} split windows is followed by one probe window on one thread;
 *   <li>while on one thread, every {@link #PROBE_EVERY}-th window is a split probe;
 *   <li>the probed mode takes over when its window's median step took under {@link #SWITCH_BELOW} of the
 *       current mode's.
 * </ul>
 * Nothing is probed while the split runs at its usual speed. Which thread computes which chunk never changes
 * a result (see {@link RowSplitter}), so neither does this: training stays bit-identical whichever mode each
 * step ran in.
 */
final class SplitGovernor {

    /** Steps per window; a window's median step time is its measure (an epoch's end is one long step). */
    static final int WINDOW = 32;
    /** Split windows whose best median is the split's usual speed. */
    static final int HISTORY = 32;
    /** A split window this much slower than the usual speed is followed by a probe on one thread. */
    static final double SLOW_ABOVE = 1.25;
    /** Windows on one thread between two split probes; also the least gap after a probe that changed nothing. */
    static final int PROBE_EVERY = 16;
    /** The probed mode takes over when its median step time is below this fraction of the current mode's. */
    static final double SWITCH_BELOW = 0.9;

    private final LongSupplier clock;
    private final long[] steps = new long[WINDOW];
    private final long[] sorted = new long[WINDOW];
    private final long[] splitHistory = new long[HISTORY];
    private boolean split = true;
    private boolean probing;
    private int filled;
    private int windows;
    private int sinceProbe = PROBE_EVERY;
    private long lastStart = -1;
    private long currentMedian;
    private int switches;

    SplitGovernor() {
        this(System::nanoTime);
    }

    SplitGovernor(LongSupplier clock) {
        this.clock = clock;
        Arrays.fill(splitHistory, Long.MAX_VALUE);
    }

    /** Whether the kernels split their work now. */
    boolean splitting() {
        return split != probing;
    }

    /** How often the mode changed. */
    int switches() {
        return switches;
    }

    /** Marks the start of a training step; the time since the previous start is that step's. */
    void stepStarted() {
        long now = clock.getAsLong();
        if (lastStart >= 0) {
            steps[filled++] = now - lastStart;
        }
        lastStart = now;
        if (filled < WINDOW) {
            return;
        }
        filled = 0;
        long median = median();
        sinceProbe++;
        if (probing) {
            probing = false;
            sinceProbe = 0;
            if (median < SWITCH_BELOW * currentMedian) {
                split = !split;
                switches++;
                windows = 0;
                Arrays.fill(splitHistory, Long.MAX_VALUE);
                currentMedian = median;
            }
            return;
        }
        currentMedian = median;
        if (split) {
            splitHistory[windows++ % HISTORY] = median;
            long usual = Arrays.stream(splitHistory).min().getAsLong();
            probing = median > SLOW_ABOVE * usual && sinceProbe >= PROBE_EVERY;
        } else {
            probing = ++windows % PROBE_EVERY == 0;
        }
    }

    private long median() {
        System.arraycopy(steps, 0, sorted, 0, WINDOW);
        Arrays.sort(sorted);
        return sorted[WINDOW / 2];
    }
}
