package dev.gradstream.scratch;

import dev.gradstream.core.model.AbstractModel;
import dev.gradstream.core.model.MomentumSgd;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The scratch Part I {@link dev.gradstream.core.model.Model}: a {@link DenseStack} (dense layers with ReLU
 * between them) with softmax cross-entropy on top, trained by {@link ScratchMomentumSgd}.
 *
 * <p>Each batch is cut in two {@link Half halves} that run at once, the caller's thread taking the first and
 * the {@link RowSplitter}'s worker the second: each half has its own activations and gradients and shares the
 * weights, and the batch's gradient is the first half's plus the second's, added as the optimizer reads them
 * ({@link ScratchMomentumSgd}). So a step hands work to the worker twice (the halves, then the optimizer's
 * chunks), and each thread's activations stay in its own core's cache; splitting every product between the
 * threads handed work over a dozen times a step and moved activations from core to core (Part I: 163,000
 * samples/s against 127,000 on one thread, while two one-thread processes side by side made 130,000 each).
 * The cut depends only on the batch size, never on the threads, so results are bit-identical whichever
 * thread runs which half.
 *
 * @param <A> {@code float[]} for float32, {@code double[]} for float64
 */
final class ScratchModel<A> extends AbstractModel {

    /** Rows scored per forward pass in {@link #evaluate}, bounding the activation buffers. */
    private static final int EVALUATION_CHUNK = 256;

    private final Kernels<A> kernels;
    /** The first half's network: its gradients become the batch's, the optimizer steps its weights. */
    private final DenseStack<A> net;
    private final List<Half<A>> halves;
    private final ScratchMomentumSgd<A> optimizer;

    ScratchModel(ModelSpec spec, ParameterSet initial, Kernels<A> kernels) {
        super(spec, initial, EVALUATION_CHUNK);
        this.kernels = kernels;
        this.net = new DenseStack<>(kernels, spec, initial.tensors(), 0);
        this.halves = List.of(new Half<>(kernels, spec, net), new Half<>(kernels, spec, new DenseStack<>(net)));
        this.optimizer = new ScratchMomentumSgd<>(kernels, net.layers, halves.get(1).net.layers, net.layers.size());
    }

    /** One half of a batch: a network sharing the weights, a head, an input buffer. */
    private static final class Half<A> {
        final DenseStack<A> net;
        final SoftmaxCrossEntropy<A> head;
        final Batch<A> input;

        Half(Kernels<A> kernels, ModelSpec spec, DenseStack<A> net) {
            this.net = net;
            this.head = new SoftmaxCrossEntropy<>(kernels, spec.outputSize());
            this.input = new Batch<>(kernels, spec.inputSize());
        }

        /** Forward of rows {@code [from, from + rows)}; the head keeps the losses and probabilities. */
        A forward(float[] x, int[] labels, int from, int rows) {
            head.forward(net.forward(input.input(x, from, rows), rows), labels, from, rows);
            return head.probabilities();
        }
    }

    /**
     * Rows of a batch of {@code count} that go to the first half: half of them, rounded up to whole blocks of
     * four rows (the products' register blocks), so a batch of 64 splits 32 and 32, one of 1 to 4 runs whole.
     */
    static int firstHalfRows(int count) {
        return Math.min(count, ((count + 1) / 2 + 3) / 4 * 4);
    }

    /** Runs {@code work} on each half that has rows, at once: {@code work(half, from, rows)}. */
    private void inHalves(int from, int count, HalfTask<A> work) {
        int first = firstHalfRows(count);
        if (first == count) {
            work.run(halves.get(0), from, count);
            return;
        }
        RowSplitter.SHARED.run(2, 1, (h, end) -> {
            for (; h < end; h++) {
                work.run(halves.get(h), h == 0 ? from : from + first, h == 0 ? first : count - first);
            }
        });
    }

    private interface HalfTask<A> {
        void run(Half<A> half, int from, int rows);
    }

    @Override
    protected BatchResult forwardBackward(float[] x, int[] labels, int count) {
        inHalves(0, count, (half, from, rows) -> {
            half.forward(x, labels, from, rows);
            half.net.backward(half.head.backward(rows, count), rows, false);
        });
        Half<A> first = halves.get(0);
        Half<A> second = halves.get(1);
        if (firstHalfRows(count) == count) {
            second.net.zeroGradients(); // the optimizer adds them
            return new BatchResult(first.head.lossSum() / count, first.head.correct());
        }
        return new BatchResult((first.head.lossSum() + second.head.lossSum()) / count,
                first.head.correct() + second.head.correct());
    }

    @Override
    protected ParameterSet gradientValues() {
        List<Tensor> out = new ArrayList<>();
        net.addGradients(out, false, halves.get(1).net);
        return new ParameterSet(out);
    }

    @Override
    protected double evaluateRows(float[] x, int[] labels, int from, int rows, float[] scoresOut) {
        int classes = classes();
        double[] lossSums = new double[2];
        inHalves(from, rows, (half, start, n) -> {
            A p = half.forward(x, labels, start, n);
            lossSums[half == halves.get(0) ? 0 : 1] = half.head.lossSum();
            if (scoresOut != null) {
                for (int i = 0; i < n * classes; i++) {
                    scoresOut[start * classes + i] = (float) kernels.get(p, i);
                }
            }
        });
        return (lossSums[0] + lossSums[1]) / rows;
    }

    @Override
    public ParameterSet parameters() {
        List<Tensor> out = new ArrayList<>();
        net.addParameters(out);
        return new ParameterSet(out);
    }

    @Override
    protected void loadParameters(ParameterSet parameters) {
        net.restore(parameters.tensors());
    }

    @Override
    protected MomentumSgd optimizer() {
        return optimizer;
    }
}
