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
 * @param <A> {@code float[]} for float32, {@code double[]} for float64
 */
final class ScratchModel<A> extends AbstractModel {

    /** Rows scored per forward pass in {@link #evaluate}, bounding the activation buffers. */
    private static final int EVALUATION_CHUNK = 256;

    private final Kernels<A> kernels;
    private final DenseStack<A> net;
    private final SoftmaxCrossEntropy<A> head;
    private final ScratchMomentumSgd<A> optimizer;
    private final Batch<A> inputBuffer;

    ScratchModel(ModelSpec spec, ParameterSet initial, Kernels<A> kernels) {
        super(spec, initial, EVALUATION_CHUNK);
        this.kernels = kernels;
        this.net = new DenseStack<>(kernels, spec, initial.tensors(), 0);
        this.head = new SoftmaxCrossEntropy<>(kernels, spec.outputSize());
        this.optimizer = new ScratchMomentumSgd<>(kernels, net.layers, net.layers.size());
        this.inputBuffer = new Batch<>(kernels, spec.inputSize());
    }

    @Override
    protected BatchResult forwardBackward(float[] x, int[] labels, int count) {
        double loss = head.forward(net.forward(inputBuffer.input(x, 0, count), count), labels, 0, count);
        net.backward(head.backward(count), count, false);
        return new BatchResult(loss, head.correct());
    }

    @Override
    protected ParameterSet gradientValues() {
        List<Tensor> out = new ArrayList<>();
        net.addGradients(out, false);
        return new ParameterSet(out);
    }

    @Override
    protected double evaluateRows(float[] x, int[] labels, int from, int rows, float[] scoresOut) {
        double loss = head.forward(net.forward(inputBuffer.input(x, from, rows), rows), labels, from, rows);
        if (scoresOut != null) {
            int classes = classes();
            A p = head.probabilities();
            for (int i = 0; i < rows * classes; i++) {
                scoresOut[from * classes + i] = (float) kernels.get(p, i);
            }
        }
        return loss;
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
