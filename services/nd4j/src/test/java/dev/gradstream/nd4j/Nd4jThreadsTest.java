package dev.gradstream.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.Precision;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

@DisplayName("The nd4j thread cap")
class Nd4jThreadsTest {

    @Test
    @DisplayName("Also holds on a thread other than the one that built the model, as in train's trainer threads")
    void capHoldsOnAnotherThread() throws Exception {
        ModelSpec spec = new ModelSpec(20, new int[] {16}, 4, Precision.FLOAT32);
        float[] x = TestData.inputs(8, 20, 1);
        int[] labels = TestData.labels(8, 4, 2);
        try (Model model = new Nd4jBackend().create(spec, KaimingInit.initialise(spec, 3))) {
            var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
            AtomicInteger before = new AtomicInteger();
            AtomicInteger after = new AtomicInteger();
            Thread trainer = new Thread(() -> {
                before.set(ops.ompGetMaxThreads()); // OpenMP's default on a fresh thread: one per core
                model.computeGradients(x, labels, 8);
                after.set(ops.ompGetMaxThreads());
            });
            trainer.start();
            trainer.join();
            int cap = Integer.getInteger(Nd4jThreads.PROPERTY, Nd4jThreads.DEFAULT);
            assumeTrue(before.get() != cap, "a fresh thread already has the cap (one core, or OMP_NUM_THREADS set)");
            assertThat(after.get()).isEqualTo(cap);
        }
    }
}
