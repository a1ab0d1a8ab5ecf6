package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SplitGovernorTest {

    /** Step times in microseconds of the split and of one thread; the clock advances by whichever runs. */
    private long now;
    private long splitMicros = 390;
    private final long aloneMicros = 490;
    private final SplitGovernor governor = new SplitGovernor(() -> now);

    @Test
    @DisplayName("while the split runs at its usual speed nothing is probed: every step is split")
    void usualSpeedStaysSplit() {
        int alone = steps(100 * SplitGovernor.WINDOW);
        assertThat(alone).isZero();
        assertThat(governor.switches()).isZero();
    }

    @Test
    @DisplayName("a split slowed below one thread's speed is left within a few windows, and taken back when it recovers")
    void slowSplitIsLeftAndTakenBack() {
        steps(40 * SplitGovernor.WINDOW);
        splitMicros = 880; // the slow state
        steps(3 * SplitGovernor.WINDOW);
        assertThat(governor.splitting()).isFalse();
        assertThat(governor.switches()).isEqualTo(1);
        int alone = steps(40 * SplitGovernor.WINDOW);
        assertThat(alone).isGreaterThan(35 * SplitGovernor.WINDOW); // only the split probes ran split

        splitMicros = 390; // recovered
        steps((SplitGovernor.PROBE_EVERY + 1) * SplitGovernor.WINDOW);
        assertThat(governor.splitting()).isTrue();
        assertThat(governor.switches()).isEqualTo(2);
        assertThat(steps(40 * SplitGovernor.WINDOW)).isZero();
    }

    @Test
    @DisplayName("a split slowed by other load, but not below one thread, stays split after its probes")
    void loadedSplitStays() {
        steps(40 * SplitGovernor.WINDOW);
        splitMicros = 520; // a third slower than usual: probed, but one thread (490) is not 10% faster
        int alone = steps(64 * SplitGovernor.WINDOW);
        assertThat(governor.switches()).isZero();
        assertThat(alone).isPositive().isLessThanOrEqualTo(SplitGovernor.WINDOW * 4); // a probe every PROBE_EVERY windows at most
    }

    /** Runs {@code count} steps; returns how many ran on one thread. */
    private int steps(int count) {
        int alone = 0;
        for (int i = 0; i < count; i++) {
            governor.stepStarted();
            boolean split = governor.splitting();
            alone += split ? 0 : 1;
            now += 1000 * (split ? splitMicros : aloneMicros);
        }
        return alone;
    }
}
