package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The row splitter")
class RowSplitterTest {

    @Test
    @DisplayName("Runs every row exactly once, whether the worker is spinning, parked or late")
    void everyRowOnce() {
        // 0: the worker parks at once after each task; the huge value keeps it spinning.
        for (long spin : new long[] {0, 1_000_000_000L}) {
            RowSplitter splitter = new RowSplitter(spin);
            for (int round = 0; round < 200; round++) {
                int total = 1 + round * 7 % 97;
                AtomicIntegerArray hits = new AtomicIntegerArray(total);
                boolean slow = round % 10 == 0; // chunks that outlast the caller's spin: the caller parks
                splitter.run(total, 1 + round % 5, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                    if (slow) {
                        LockSupport.parkNanos(100_000);
                    }
                });
                for (int i = 0; i < total; i++) {
                    assertThat(hits.get(i)).as("row %d of %d, spin %d", i, total, spin).isEqualTo(1);
                }
            }
        }
    }

    @Test
    @DisplayName("A task that splits work of its own runs it on its own thread, every row once")
    void nestedRunsInline() {
        RowSplitter splitter = new RowSplitter(1_000_000_000L);
        for (int round = 0; round < 100; round++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(2 * 64);
            splitter.run(2, 1, (half, end) -> {
                for (; half < end; half++) {
                    int base = half * 64;
                    Thread outer = Thread.currentThread();
                    splitter.run(64, 4, (from, to) -> {
                        assertThat(Thread.currentThread()).isSameAs(outer);
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(base + i);
                        }
                    });
                }
            });
            for (int i = 0; i < hits.length(); i++) {
                assertThat(hits.get(i)).as("round %d, row %d", round, i).isEqualTo(1);
            }
        }
    }

    @Test
    @DisplayName("The caller takes chunks from the front and the worker from the back, so each keeps its rows")
    void callerFrontWorkerBack() {
        RowSplitter splitter = new RowSplitter(1_000_000_000L); // a spinning worker joins every task
        Thread caller = Thread.currentThread();
        int workerTasks = 0;
        for (int round = 0; round < 100; round++) {
            boolean[] byCaller = new boolean[16];
            splitter.run(64, 4, (from, to) -> {
                byCaller[from / 4] = Thread.currentThread() == caller;
                LockSupport.parkNanos(20_000); // long enough for the worker to claim chunks too
            });
            int split = 0;
            while (split < 16 && byCaller[split]) {
                split++;
            }
            for (int chunk = split; chunk < 16; chunk++) {
                assertThat(byCaller[chunk]).as("round %d: chunk %d after the caller's first %d", round, chunk, split)
                        .isFalse();
            }
            workerTasks += split < 16 ? 1 : 0;
        }
        assertThat(workerTasks).as("tasks the worker took part in").isPositive();
    }

    @Test
    @DisplayName("Rethrows a chunk's failure on the caller and stays usable")
    void failurePropagates() {
        RowSplitter splitter = new RowSplitter(0);
        for (int round = 0; round < 20; round++) {
            int failing = round * 13 % 64;
            assertThatThrownBy(() -> splitter.run(64, 4, (from, to) -> {
                if (from <= failing && failing < to) {
                    throw new IllegalStateException("row " + failing);
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("row " + failing);
        }
        int[] sum = new int[1];
        splitter.run(8, 8, (from, to) -> sum[0] += to - from); // one chunk: the caller's own thread
        assertThat(sum[0]).isEqualTo(8);
    }
}
