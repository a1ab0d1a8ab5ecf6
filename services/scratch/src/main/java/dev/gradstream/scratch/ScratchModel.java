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
 * <p>Each batch runs as two {@link BatchHalves} at once, each {@link Half} with its own activations and
 * gradients; the second half's gradients are added as the optimizer reads them ({@link ScratchMomentumSgd}).
 * So a step hands work to the worker twice (the halves, then the optimizer's chunks), and each thread's
 * activations stay in its own core's cache; splitting every product between the threads handed work over a
 * dozen times a step and moved activations from core to core (163,000 samples/s against 127,000 on one
 * thread, while two one-thread processes side by side made 130,000 each).
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

    @Override
    protected BatchResult forwardBackward(float[] x, int[] labels, int count) {
        BatchHalves.run(0, count, (h, from, rows) -> {
            Half<A> half = halves.get(h);
            half.forward(x, labels, from, rows);
            half.net.backward(half.head.backward(rows, count), rows, false);
        });
        Half<A> first = halves.get(0);
        Half<A> second = halves.get(1);
        if (!BatchHalves.split(count)) {
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
        BatchHalves.run(from, rows, (h, start, n) -> {
            Half<A> half = halves.get(h);
            A p = half.forward(x, labels, start, n);
            lossSums[h] = half.head.lossSum();
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
