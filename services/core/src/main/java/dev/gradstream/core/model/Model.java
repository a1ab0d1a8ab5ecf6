package dev.gradstream.core.model;

/**
 * A trainable Part I classifier, implemented by each backend (scratch, nd4j).
 *
 * <p>Call order for one SGD step: {@link #computeGradients} (forward and backward on a mini-batch; the
 * gradients are kept) then {@link #applyUpdate} (SGD with momentum, the classic/PyTorch rule
 * {@code v = mu * v + g; w -= lr * v}). {@link #gradients()} may be read between the two.
 * {@link #evaluate} never changes parameters or gradients.
 *
 * <p>Inputs are row-major {@code count x inputSize} floats; labels are class indices. For Part I the loss
 * is the mean cross-entropy over the batch, with max-subtracted softmax and probabilities clipped at
 * 1e-15, and the scores are the softmax probabilities; for Part II ({@link EmbeddingSpec}) the loss is
 * the mean of {@code 1 - cos(image embedding, true class embedding)} and the scores are the cosine
 * similarities to every class embedding.
 *
 * <p>Not thread-safe: one trainer thread owns a model.
 */
public interface Model extends AutoCloseable {

    /** The network's shape; for a Part II model, the image network (its output is the embedding). */
    ModelSpec spec();

    /** Dense layers whose statistics {@link #applyUpdate} reports (all of them, in ParameterSet order). */
    default int layerCount() {
        return spec().layerCount();
    }

    /**
     * Forward and backward pass on {@code count} samples; the gradients are kept until the next call.
     *
     * @return mean loss over the batch, before any update
     */
    double computeGradients(float[] x, int[] labels, int count);

    /** Number of samples in the last {@link #computeGradients} batch whose argmax matched the label. */
    int lastBatchCorrect();

    /** The gradients of the last {@link #computeGradients}, in {@link ParameterSet} layout (a copy). */
    ParameterSet gradients();

    /**
     * One SGD-with-momentum step from the kept gradients.
     *
     * @param learningRate lr > 0
     * @param momentum     mu in [0, 1)
     * @param statsOut     if not null, filled with one entry per layer (gradient statistics and the
     *                     update:parameter ratio of this step)
     */
    void applyUpdate(double learningRate, double momentum, LayerGradientStats[] statsOut);

    /**
     * Scores {@code count} samples without changing anything.
     *
     * @param scoresOut row-major {@code count x numClasses}: softmax probabilities (Part I) or cosine
     *                  similarities (Part II)
     * @return mean loss over the samples
     */
    double evaluate(float[] x, int[] labels, int count, float[] scoresOut);

    /** A copy of the current parameters. */
    ParameterSet parameters();

    /** Replaces the parameters (shapes must match the spec) and clears the momentum buffers. */
    void setParameters(ParameterSet parameters);

    /** Replaces the parameters only, keeping momentum (used when restoring a mid-run checkpoint). */
    default void restoreParameters(ParameterSet parameters) {
        setParameters(parameters);
    }

    /**
     * The optimizer's momentum buffers v, in {@link ParameterSet} layout (a copy; zeros for frozen
     * layers), so that a run can be resumed exactly where it stopped.
     *
     * @throws UnsupportedOperationException if this backend cannot resume runs
     */
    default ParameterSet velocities() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot save its momentum");
    }

    /**
     * Replaces parameters and momentum buffers: the model continues exactly as the one whose
     * {@link #parameters()} and {@link #velocities()} were saved.
     *
     * @throws UnsupportedOperationException if this backend cannot resume runs
     */
    default void restoreState(ParameterSet parameters, ParameterSet velocities) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restore its momentum");
    }

    @Override
    default void close() {
    }
}
