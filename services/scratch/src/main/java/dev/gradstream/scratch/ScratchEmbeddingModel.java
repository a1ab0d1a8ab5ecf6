package dev.gradstream.scratch;

import dev.gradstream.core.model.AbstractModel;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.MomentumSgd;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The scratch Part II {@link dev.gradstream.core.model.Model}: an image MLP maps each image to an
 * embedding u, a word MLP maps the K class word vectors to class embeddings E (recomputed on every forward
 * pass: K rows only), and {@link CosineEmbeddingLoss} scores {@code cos(u, E_k)}. Backward runs from the
 * loss into the image MLP and, when the spec trains the word net, into the word MLP (each class
 * embedding's gradient summed over the batch). A frozen word net reports zero gradients and is never
 * stepped by the optimizer; its layers' statistics are zeros with update ratio 0.
 *
 * <p>Parameter layout: the image layers, then the word layers (named on from the image layers'
 * numbering), as {@link dev.gradstream.core.model.KaimingInit#initialise(EmbeddingSpec, long)} makes them.
 *
 * @param <A> {@code float[]} for float32, {@code double[]} for float64
 */
final class ScratchEmbeddingModel<A> extends AbstractModel {

    /** Rows scored per forward pass in {@link #evaluate}, bounding the activation buffers. */
    private static final int EVALUATION_CHUNK = 256;

    private final EmbeddingSpec spec;
    private final Kernels<A> kernels;
    private final DenseStack<A> image;
    private final DenseStack<A> word;
    /** Where the word layers start in the parameter layout. */
    private final int imageTensors;
    private final A classVectors;
    private final CosineEmbeddingLoss<A> loss;
    private final ScratchMomentumSgd<A> optimizer;
    private final Batch<A> inputBuffer;

    ScratchEmbeddingModel(EmbeddingSpec spec, ParameterSet initial, Kernels<A> kernels) {
        super(spec, initial, EVALUATION_CHUNK);
        this.spec = spec;
        this.kernels = kernels;
        int imageLayers = spec.imageNet().layerCount();
        this.imageTensors = 2 * imageLayers;
        List<Tensor> tensors = initial.tensors();
        this.image = new DenseStack<>(kernels, spec.imageNet(), tensors.subList(0, imageTensors), 0);
        this.word = new DenseStack<>(kernels, spec.wordNet(), tensors.subList(imageTensors, tensors.size()),
                imageLayers);
        float[] vectors = spec.classVectors();
        double[] wide = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            wide[i] = vectors[i];
        }
        this.classVectors = kernels.fromDoubles(wide);
        this.loss = new CosineEmbeddingLoss<>(kernels, spec.embedDim(), spec.numClasses());
        List<Dense<A>> layers = new ArrayList<>(image.layers);
        layers.addAll(word.layers);
        this.optimizer = new ScratchMomentumSgd<>(kernels, layers,
                spec.trainWordNet() ? layers.size() : imageLayers);
        this.inputBuffer = new Batch<>(kernels, spec.inputSize());
    }

    @Override
    protected BatchResult forwardBackward(float[] x, int[] labels, int count) {
        A classEmbeddings = word.forward(classVectors, spec.numClasses());
        double mean = loss.forward(image.forward(inputBuffer.input(x, 0, count), count), classEmbeddings, labels, 0,
                count);
        image.backward(loss.backward(count), count, false);
        if (spec.trainWordNet()) {
            word.backward(loss.classGradient(), spec.numClasses(), false);
        }
        return new BatchResult(mean, loss.correct());
    }

    /** {@inheritDoc} A frozen word net's gradients are zeros. */
    @Override
    protected ParameterSet gradientValues() {
        List<Tensor> out = new ArrayList<>();
        image.addGradients(out, false);
        word.addGradients(out, !spec.trainWordNet());
        return new ParameterSet(out);
    }

    /** {@inheritDoc} The scores are cosine similarities. */
    @Override
    protected double evaluateRows(float[] x, int[] labels, int from, int rows, float[] scoresOut) {
        int classes = classes();
        A classEmbeddings = word.forward(classVectors, classes);
        double mean = loss.forward(image.forward(inputBuffer.input(x, from, rows), rows), classEmbeddings, labels,
                from, rows);
        for (int i = 0; scoresOut != null && i < rows; i++) {
            for (int k = 0; k < classes; k++) {
                scoresOut[(from + i) * classes + k] = (float) loss.score(i, k);
            }
        }
        return mean;
    }

    @Override
    public ParameterSet parameters() {
        List<Tensor> out = new ArrayList<>();
        image.addParameters(out);
        word.addParameters(out);
        return new ParameterSet(out);
    }

    @Override
    protected void loadParameters(ParameterSet parameters) {
        List<Tensor> tensors = parameters.tensors();
        image.restore(tensors.subList(0, imageTensors));
        word.restore(tensors.subList(imageTensors, tensors.size()));
    }

    @Override
    protected MomentumSgd optimizer() {
        return optimizer;
    }
}
