package dev.gradstream.core.model;

import java.util.function.Consumer;

/**
 * What every backend's {@link Model} does alike, so that each backend writes only its maths: the argument
 * checks ({@link ModelArguments}) and the shape checks ({@link ParameterShapes}), the "no gradients yet"
 * guards, {@link #evaluate} in chunks of rows (bounding the activation memory), the optimizer step and
 * the saving and restoring of its momentum ({@link MomentumSgd}).
 *
 * <p>A backend implements the hooks, which receive checked arguments only: {@link #forwardBackward} (one
 * mini-batch, gradients kept), {@link #gradientValues}, {@link #evaluateRows} (one chunk),
 * {@link #loadParameters}, {@link #optimizer} and {@link Model#parameters()}; {@link #afterStep} when it
 * keeps copies of the parameters that must follow each step.
 */
public abstract class AbstractModel implements Model {

    /** Loss and argmax hits of one mini-batch. */
    public record BatchResult(double meanLoss, int correct) {
    }

    private final ModelSpec spec;
    private final int layerCount;
    private final int classes;
    private final int evaluationChunk;
    private final Consumer<ParameterSet> shapeCheck;
    private boolean hasGradients;
    private int lastCorrect;

    /**
     * A Part I classifier.
     *
     * @param evaluationChunk rows scored per forward pass in {@link #evaluate}
     * @throws IllegalArgumentException naming the tensor when {@code initial} does not fit {@code spec}
     */
    protected AbstractModel(ModelSpec spec, ParameterSet initial, int evaluationChunk) {
        this(spec, spec.layerCount(), spec.outputSize(), p -> ParameterShapes.check(spec, p), initial,
                evaluationChunk);
    }

    /**
     * A Part II model: {@link #spec()} is its image network, {@link #layerCount()} counts both networks.
     *
     * @param evaluationChunk rows scored per forward pass in {@link #evaluate}
     * @throws IllegalArgumentException naming the tensor when {@code initial} does not fit {@code spec}
     */
    protected AbstractModel(EmbeddingSpec spec, ParameterSet initial, int evaluationChunk) {
        this(spec.imageNet(), spec.layerCount(), spec.numClasses(), p -> ParameterShapes.check(spec, p), initial,
                evaluationChunk);
    }

    private AbstractModel(ModelSpec spec, int layerCount, int classes, Consumer<ParameterSet> shapeCheck,
                          ParameterSet initial, int evaluationChunk) {
        if (evaluationChunk <= 0) {
            throw new IllegalArgumentException("evaluation chunk must be positive, got " + evaluationChunk);
        }
        shapeCheck.accept(initial);
        this.spec = spec;
        this.layerCount = layerCount;
        this.classes = classes;
        this.evaluationChunk = evaluationChunk;
        this.shapeCheck = shapeCheck;
    }

    /**
     * Forward and backward pass on {@code count} checked samples; the gradients are kept for
     * {@link #gradientValues} and the optimizer.
     */
    protected abstract BatchResult forwardBackward(float[] x, int[] labels, int count);

    /** A copy of the gradients of the last {@link #forwardBackward} (zeros for frozen layers). */
    protected abstract ParameterSet gradientValues();

    /**
     * Scores rows {@code from .. from + rows - 1} of {@code x} (at most the evaluation chunk) without
     * changing anything; writes their scores at {@code scoresOut[from * classes ..]} when it is not null.
     *
     * @return mean loss over those rows
     */
    protected abstract double evaluateRows(float[] x, int[] labels, int from, int rows, float[] scoresOut);

    /** Replaces the parameters with {@code parameters}, whose shapes are checked; momentum is left alone. */
    protected abstract void loadParameters(ParameterSet parameters);

    /** The optimizer that steps this model's parameters. */
    protected abstract MomentumSgd optimizer();

    /** Called after every optimizer step; by default nothing. */
    protected void afterStep() {
    }

    /** Number of classes: columns of the scores. */
    protected final int classes() {
        return classes;
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final int layerCount() {
        return layerCount;
    }

    @Override
    public final double computeGradients(float[] x, int[] labels, int count) {
        checkBatch(x, labels, count);
        BatchResult result = forwardBackward(x, labels, count);
        lastCorrect = result.correct();
        hasGradients = true;
        return result.meanLoss();
    }

    @Override
    public final int lastBatchCorrect() {
        return lastCorrect;
    }

    @Override
    public final ParameterSet gradients() {
        if (!hasGradients) {
            throw new IllegalStateException("no gradients yet: call computeGradients first");
        }
        return gradientValues();
    }

    @Override
    public final void applyUpdate(double learningRate, double momentum, LayerGradientStats[] statsOut) {
        if (!hasGradients) {
            throw new IllegalStateException("no gradients to apply: call computeGradients first");
        }
        ModelArguments.checkUpdate(learningRate, momentum, statsOut, layerCount);
        optimizer().step(learningRate, momentum, statsOut);
        afterStep();
    }

    /** {@inheritDoc} {@code scoresOut} may be null when only the loss is wanted. */
    @Override
    public final double evaluate(float[] x, int[] labels, int count, float[] scoresOut) {
        checkBatch(x, labels, count);
        ModelArguments.checkScores(scoresOut, count, classes);
        double lossSum = 0;
        for (int from = 0; from < count; from += evaluationChunk) {
            int rows = Math.min(evaluationChunk, count - from);
            lossSum += evaluateRows(x, labels, from, rows, scoresOut) * rows;
        }
        return lossSum / count;
    }

    private void checkBatch(float[] x, int[] labels, int count) {
        ModelArguments.checkBatch(x, labels, count, spec.inputSize(), classes);
    }

    @Override
    public final ParameterSet velocities() {
        return optimizer().velocities();
    }

    @Override
    public final void restoreState(ParameterSet parameters, ParameterSet velocities) {
        shapeCheck.accept(velocities);
        restoreParameters(parameters);
        optimizer().restoreVelocities(velocities);
    }

    @Override
    public final void setParameters(ParameterSet parameters) {
        restoreParameters(parameters);
        optimizer().reset();
    }

    @Override
    public final void restoreParameters(ParameterSet parameters) {
        shapeCheck.accept(parameters);
        loadParameters(parameters);
    }
}
