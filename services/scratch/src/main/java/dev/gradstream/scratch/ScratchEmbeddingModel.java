package dev.gradstream.scratch;

import dev.gradstream.core.model.ModelArguments;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The scratch Part II {@link Model}: an image MLP maps each image to an embedding u, a word MLP maps the K
 * class word vectors to class embeddings E (recomputed on every forward pass: K rows only), and
 * {@link CosineEmbeddingLoss} scores {@code cos(u, E_k)}. Backward runs from the loss into the image MLP
 * and, when the spec trains the word net, into the word MLP (each class embedding's gradient summed over
 * the batch). A frozen word net reports zero gradients and is never stepped by the optimizer; its layers'
 * statistics are zeros with update ratio 0.
 *
 * <p>Parameter layout: the image layers, then the word layers (named on from the image layers'
 * numbering), as {@link dev.gradstream.core.model.KaimingInit#initialise(EmbeddingSpec, long)} makes them.
 *
 * @param <A> {@code float[]} for float32, {@code double[]} for float64
 */
final class ScratchEmbeddingModel<A> implements Model {

    /** Rows scored per forward pass in {@link #evaluate}, bounding the activation buffers. */
    private static final int EVALUATION_CHUNK = 256;

    private final EmbeddingSpec spec;
    private final ModelSpec imageSpec;
    private final Kernels<A> kernels;
    private final DenseStack<A> image;
    private final DenseStack<A> word;
    private final A classVectors;
    private final CosineEmbeddingLoss<A> loss;
    private final SgdMomentum<A> imageOptimizer;
    private final SgdMomentum<A> wordOptimizer;
    private final Batch<A> inputBuffer;
    private int lastCorrect;
    private boolean hasGradients;

    ScratchEmbeddingModel(EmbeddingSpec spec, ParameterSet initial, Kernels<A> kernels) {
        this.spec = spec;
        this.imageSpec = spec.imageNet();
        this.kernels = kernels;
        checkLayout(initial);
        int imageTensors = 2 * imageSpec.layerCount();
        List<Tensor> tensors = initial.tensors();
        this.image = new DenseStack<>(kernels, imageSpec, tensors.subList(0, imageTensors), 0);
        this.word = new DenseStack<>(kernels, spec.wordNet(), tensors.subList(imageTensors, tensors.size()),
                imageSpec.layerCount());
        float[] vectors = spec.classVectors();
        double[] wide = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            wide[i] = vectors[i];
        }
        this.classVectors = kernels.fromDoubles(wide);
        this.loss = new CosineEmbeddingLoss<>(kernels, spec.embedDim(), spec.numClasses());
        this.imageOptimizer = new SgdMomentum<>(kernels, image.layers);
        this.wordOptimizer = spec.trainWordNet() ? new SgdMomentum<>(kernels, word.layers) : null;
        this.inputBuffer = new Batch<>(kernels, spec.inputSize());
    }

    private void checkLayout(ParameterSet parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("parameters are required for " + spec);
        }
        int expected = 2 * spec.layerCount();
        if (parameters.tensors().size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " tensors (weight and bias of "
                    + imageSpec.layerCount() + " image layers, then " + spec.wordNet().layerCount()
                    + " word layers) for " + spec + ", got " + parameters.tensors().size());
        }
        List<Tensor> tensors = parameters.tensors();
        int imageTensors = 2 * imageSpec.layerCount();
        DenseStack.checkShapes("image net " + imageSpec, imageSpec, tensors.subList(0, imageTensors), 0);
        DenseStack.checkShapes("word net " + spec.wordNet(), spec.wordNet(), tensors.subList(imageTensors, expected),
                imageSpec.layerCount());
    }

    /** The image network (its output is the embedding). */
    @Override
    public ModelSpec spec() {
        return imageSpec;
    }

    /** Image layers plus word layers. */
    @Override
    public int layerCount() {
        return spec.layerCount();
    }

    @Override
    public double computeGradients(float[] x, int[] labels, int count) {
        checkBatch(x, labels, count);
        A classEmbeddings = word.forward(classVectors, spec.numClasses());
        A input = kernels.input(x, 0, count * spec.inputSize(), inputBuffer.forRows(count));
        double mean = loss.forward(image.forward(input, count), classEmbeddings, labels, 0, count);
        lastCorrect = loss.correct();
        image.backward(loss.backward(count), count, false);
        if (spec.trainWordNet()) {
            word.backward(loss.classGradient(), spec.numClasses(), false);
        }
        hasGradients = true;
        return mean;
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
        image.addGradients(out, false);
        word.addGradients(out, !spec.trainWordNet());
        return new ParameterSet(out);
    }

    @Override
    public void applyUpdate(double learningRate, double momentum, LayerGradientStats[] statsOut) {
        if (!hasGradients) {
            throw new IllegalStateException("no gradients to apply: call computeGradients first");
        }
        ModelArguments.checkUpdate(learningRate, momentum, statsOut, layerCount());
        imageOptimizer.step(learningRate, momentum, statsOut);
        int first = imageSpec.layerCount();
        int wordLayers = word.layers.size();
        if (wordOptimizer != null) {
            LayerGradientStats[] wordStats = statsOut == null ? null : new LayerGradientStats[wordLayers];
            wordOptimizer.step(learningRate, momentum, wordStats);
            for (int l = 0; wordStats != null && l < wordLayers; l++) {
                LayerGradientStats s = wordStats[l];
                statsOut[first + l] = new LayerGradientStats(first + l, s.l2Norm(), s.meanAbs(), s.maxAbs(),
                        s.updateRatio());
            }
        } else if (statsOut != null) {
            for (int l = 0; l < wordLayers; l++) {
                statsOut[first + l] = new LayerGradientStats(first + l, 0, 0, 0, 0);
            }
        }
    }

    /** {@inheritDoc} {@code scoresOut} may be null when only the loss is wanted. */
    @Override
    public double evaluate(float[] x, int[] labels, int count, float[] scoresOut) {
        checkBatch(x, labels, count);
        int classes = spec.numClasses();
        ModelArguments.checkScores(scoresOut, count, classes);
        A classEmbeddings = word.forward(classVectors, classes);
        double lossSum = 0;
        for (int from = 0; from < count; from += EVALUATION_CHUNK) {
            int rows = Math.min(EVALUATION_CHUNK, count - from);
            A input = kernels.input(x, from * spec.inputSize(), rows * spec.inputSize(), inputBuffer.forRows(rows));
            lossSum += loss.forward(image.forward(input, rows), classEmbeddings, labels, from, rows) * rows;
            for (int i = 0; scoresOut != null && i < rows; i++) {
                for (int k = 0; k < classes; k++) {
                    scoresOut[(from + i) * classes + k] = (float) loss.score(i, k);
                }
            }
        }
        return lossSum / count;
    }

    private void checkBatch(float[] x, int[] labels, int count) {
        ModelArguments.checkBatch(x, labels, count, spec.inputSize(), spec.numClasses());
    }

    @Override
    public ParameterSet parameters() {
        List<Tensor> out = new ArrayList<>();
        image.addParameters(out);
        word.addParameters(out);
        return new ParameterSet(out);
    }

    @Override
    public ParameterSet velocities() {
        List<Tensor> out = new ArrayList<>();
        imageOptimizer.addVelocities(out, 0);
        if (wordOptimizer != null) {
            wordOptimizer.addVelocities(out, imageSpec.layerCount());
        } else {
            // A frozen word net has no momentum: zeros in its place keep the layout whole.
            for (Tensor t : parameters().tensors().subList(2 * imageSpec.layerCount(), 2 * spec.layerCount())) {
                out.add(new Tensor(t.name(), t.rows(), t.cols(), new double[t.values().length]));
            }
        }
        return new ParameterSet(out);
    }

    @Override
    public void restoreState(ParameterSet parameters, ParameterSet velocities) {
        checkLayout(velocities);
        restoreParameters(parameters);
        int imageTensors = 2 * imageSpec.layerCount();
        imageOptimizer.restore(velocities.tensors().subList(0, imageTensors));
        if (wordOptimizer != null) {
            wordOptimizer.restore(velocities.tensors().subList(imageTensors, velocities.tensors().size()));
        }
    }

    @Override
    public void setParameters(ParameterSet parameters) {
        restoreParameters(parameters);
        imageOptimizer.reset();
        if (wordOptimizer != null) {
            wordOptimizer.reset();
        }
    }

    @Override
    public void restoreParameters(ParameterSet parameters) {
        checkLayout(parameters);
        List<Tensor> tensors = parameters.tensors();
        int imageTensors = 2 * imageSpec.layerCount();
        image.restore(tensors.subList(0, imageTensors));
        word.restore(tensors.subList(imageTensors, tensors.size()));
    }
}
