package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    /** 3 classes with 10, 25 and 7 samples, in blocks. */
    private static final int[] LABELS = IntStream.concat(IntStream.concat(
            IntStream.generate(() -> 0).limit(10), IntStream.generate(() -> 1).limit(25)),
            IntStream.generate(() -> 2).limit(7)).toArray();
    private static final int[] ALL = IntStream.range(0, LABELS.length).toArray();

    @Test
    void holdsOutTheRoundedShareOfEachClass() {
        StratifiedSplit.Parts parts = StratifiedSplit.split(LABELS, ALL, 3, 0.3, new SplittableRandom(1));

        // round(3.0) = 3, round(7.5) = 8, round(2.1) = 2
        assertThat(countPerClass(parts.heldOut())).containsExactly(3, 8, 2);
        assertThat(countPerClass(parts.kept())).containsExactly(7, 17, 5);
    }

    @Test
    void partsAreDisjointAndCoverTheCandidates() {
        StratifiedSplit.Parts parts = StratifiedSplit.split(LABELS, ALL, 3, 0.3, new SplittableRandom(2));

        int[] union = IntStream.concat(Arrays.stream(parts.kept()), Arrays.stream(parts.heldOut())).sorted().toArray();
        assertThat(union).containsExactly(ALL);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        StratifiedSplit.Parts a = StratifiedSplit.split(LABELS, ALL, 3, 0.3, new SplittableRandom(42));
        StratifiedSplit.Parts b = StratifiedSplit.split(LABELS, ALL, 3, 0.3, new SplittableRandom(42));
        StratifiedSplit.Parts c = StratifiedSplit.split(LABELS, ALL, 3, 0.3, new SplittableRandom(43));

        assertThat(a.kept()).containsExactly(b.kept());
        assertThat(a.heldOut()).containsExactly(b.heldOut());
        assertThat(Arrays.equals(a.kept(), c.kept())).isFalse();
    }

    @Test
    void orderWithinAPartIsShuffledNotGroupedByClass() {
        StratifiedSplit.Parts parts = StratifiedSplit.split(LABELS, ALL, 3, 0.3, new SplittableRandom(7));
        int[] labelsInOrder = Arrays.stream(parts.kept()).map(i -> LABELS[i]).toArray();
        assertThat(labelsInOrder).isNotEqualTo(Arrays.stream(labelsInOrder).sorted().toArray());
    }

    @Test
    void splitsOnlyTheGivenCandidates() {
        int[] candidates = {1, 3, 5, 12, 14, 16, 18, 40};
        StratifiedSplit.Parts parts = StratifiedSplit.split(LABELS, candidates, 3, 0.5, new SplittableRandom(3));
        int[] union = IntStream.concat(Arrays.stream(parts.kept()), Arrays.stream(parts.heldOut())).sorted().toArray();
        assertThat(union).containsExactly(candidates);
        assertThat(countPerClass(parts.heldOut())).containsExactly(2, 2, 1); // round(1.5), round(2.0), round(0.5)
    }

    private static int[] countPerClass(int[] indices) {
        int[] counts = new int[3];
        for (int i : indices) {
            counts[LABELS[i]]++;
        }
        return counts;
    }
}
