package dev.gradstream.scratch;

import dev.gradstream.core.model.ModelArguments;
import dev.gradstream.core.model.ParameterShapes;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The scratch {@link Model}: a {@link DenseStack} (dense layers with ReLU between them) with softmax
 * cross-entropy on top, trained by {@link SgdMomentum}.
 *
 * @param <A> {@code float[]} for float32, {@code double[]} for float64
 */
final class ScratchModel<A> implements Model {

    /** Rows scored per forward pass in {@link #evaluate}, bounding the activation buffers. */
    private static final int EVALUATION_CHUNK = 256;

    private final ModelSpec spec;
    private final Kernels<A> kernels;
    private final DenseStack<A> net;
    private final SoftmaxCrossEntropy<A> head;
    private final SgdMomentum<A> optimizer;
    private final Batch<A> inputBuffer;
    private int lastCorrect;
    private boolean hasGradients;

    ScratchModel(ModelSpec spec, ParameterSet initial, Kernels<A> kernels) {
        ParameterShapes.check(spec, initial);
        this.spec = spec;
        this.kernels = kernels;
        this.net = new DenseStack<>(kernels, spec, initial.tensors(), 0);
        this.head = new SoftmaxCrossEntropy<>(kernels, spec.outputSize());
        this.optimizer = new SgdMomentum<>(kernels, net.layers);
        this.inputBuffer = new Batch<>(kernels, spec.inputSize());
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public double computeGradients(float[] x, int[] labels, int count) {
        checkBatch(x, labels, count);
        A input = kernels.input(x, 0, count * spec.inputSize(), inputBuffer.forRows(count));
        double loss = head.forward(net.forward(input, count), labels, 0, count);
        lastCorrect = head.correct();
        net.backward(head.backward(count), count, false);
        hasGradients = true;
        return loss;
    }

    @Override
    public int lastBatchCorrect() {
        return lastCorrect;
    }

    @Override
    public ParameterSet gradients() {
        if (!hasGradients) {
            throw new IllegalStateException("no gradients yet: call computeGradients first");
        }
        List<Tensor> out = new ArrayList<>();
        net.addGradients(out, false);
        return new ParameterSet(out);
    }

    @Override
    public void applyUpdate(double learningRate, double momentum, LayerGradientStats[] statsOut) {
        if (!hasGradients) {
            throw new IllegalStateException("no gradients to apply: call computeGradients first");
        }
        ModelArguments.checkUpdate(learningRate, momentum, statsOut, net.layers.size());
        optimizer.step(learningRate, momentum, statsOut);
    }

    /** {@inheritDoc} {@code scoresOut} may be null when only the loss is wanted. */
    @Override
    public double evaluate(float[] x, int[] labels, int count, float[] scoresOut) {
        checkBatch(x, labels, count);
        int classes = spec.outputSize();
        ModelArguments.checkScores(scoresOut, count, classes);
        double lossSum = 0;
        for (int from = 0; from < count; from += EVALUATION_CHUNK) {
            int rows = Math.min(EVALUATION_CHUNK, count - from);
            A input = kernels.input(x, from * spec.inputSize(), rows * spec.inputSize(), inputBuffer.forRows(rows));
            lossSum += head.forward(net.forward(input, rows), labels, from, rows) * rows;
            if (scoresOut != null) {
                A p = head.probabilities();
                for (int i = 0; i < rows * classes; i++) {
                    scoresOut[from * classes + i] = (float) kernels.get(p, i);
                }
            }
        }
        return lossSum / count;
    }

    private void checkBatch(float[] x, int[] labels, int count) {
        ModelArguments.checkBatch(x, labels, count, spec.inputSize(), spec.outputSize());
    }

    @Override
    public ParameterSet parameters() {
        List<Tensor> out = new ArrayList<>();
        net.addParameters(out);
        return new ParameterSet(out);
    }

    @Override
    public ParameterSet velocities() {
        List<Tensor> out = new ArrayList<>();
        optimizer.addVelocities(out, 0);
        return new ParameterSet(out);
    }

    @Override
    public void restoreState(ParameterSet parameters, ParameterSet velocities) {
        ParameterShapes.check(spec, velocities);
        restoreParameters(parameters);
        optimizer.restore(velocities.tensors());
    }

    @Override
    public void setParameters(ParameterSet parameters) {
        restoreParameters(parameters);
        optimizer.reset();
    }

    @Override
    public void restoreParameters(ParameterSet parameters) {
        ParameterShapes.check(spec, parameters);
        net.restore(parameters.tensors());
    }
}
