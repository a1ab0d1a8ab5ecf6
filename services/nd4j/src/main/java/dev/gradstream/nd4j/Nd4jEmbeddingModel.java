package dev.gradstream.nd4j;

import dev.gradstream.core.model.ModelArguments;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.ParameterShapes;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The nd4j Part II {@link Model}: an {@link EmbeddingGraph} whose gradients come from SameDiff's automatic
 * differentiation, trained by {@link MomentumSgd} over one {@link FlatParameters} vector holding the image
 * layers then the word layers (the layout of
 * {@link dev.gradstream.core.model.KaimingInit#initialise(EmbeddingSpec, long)}).
 *
 * <p>When the spec freezes the word net, its layers are graph constants: their gradients stay zero, the
 * optimizer steps only the image layers, and their statistics are zeros, as in scratch.
 */
final class Nd4jEmbeddingModel implements Model {

    /** Rows scored per graph execution in {@link #evaluate}, bounding the activation memory. */
    private static final int EVALUATION_CHUNK = 1024;

    private final EmbeddingSpec spec;
    private final ModelSpec imageSpec;
    private final EmbeddingGraph graph;
    /** The master copy of the parameters; {@link #graphParameters} follow it after every change. */
    private final FlatParameters parameters;
    /** The graph's arrays of every tensor (variables and, for a frozen word net, constants). */
    private final List<INDArray> graphParameters = new ArrayList<>();
    /** Zero beyond the trainable layers, which are never written. */
    private final FlatParameters gradients;
    private final MomentumSgd optimizer;
    private final int trainableLayers;
    private final List<String> fetched = List.of(EmbeddingGraph.SCORES);
    private boolean hasGradients;
    private int lastCorrect;

    Nd4jEmbeddingModel(EmbeddingSpec spec, ParameterSet initial) {
        this.spec = spec;
        this.imageSpec = spec.imageNet();
        checkLayout(initial);
        this.parameters = FlatParameters.of(spec, MlpGraph.dataType(spec.precision()));
        parameters.set(initial);
        this.gradients = parameters.zerosLike();
        this.graph = EmbeddingGraph.build(spec, parameters);
        for (String name : graph.tensorNames) {
            graphParameters.add(graph.sd.getVariable(name).getArr());
        }
        this.trainableLayers = graph.trainableNames.size() / 2;
        this.optimizer = new MomentumSgd(parameters, trainableLayers);
    }

    /**
     * @throws IllegalArgumentException naming the first tensor whose shape differs from the spec (with its
     *                                  position and network), or the tensor count when it is wrong
     */
    private void checkLayout(ParameterSet values) {
        if (values == null) {
            throw new IllegalArgumentException("parameters are required for " + spec);
        }
        int expected = 2 * spec.layerCount();
        if (values.tensors().size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " tensors (weight and bias of "
                    + imageSpec.layerCount() + " image layers, then " + spec.wordNet().layerCount()
                    + " word layers) for " + spec + ", got " + values.tensors().size());
        }
        checkShapes("image net " + imageSpec, imageSpec, values, 0);
        checkShapes("word net " + spec.wordNet(), spec.wordNet(), values, imageSpec.layerCount());
    }

    private static void checkShapes(String network, ModelSpec net, ParameterSet values, int first) {
        for (int l = 0; l < net.layerCount(); l++) {
            checkShape(network, values.weight(first + l), ParameterShapes.weightName(first + l), net.fanIn(l), net.fanOut(l));
            checkShape(network, values.bias(first + l), ParameterShapes.biasName(first + l), 1, net.fanOut(l));
        }
    }

    private static void checkShape(String network, Tensor tensor, String position, int rows, int cols) {
        if (tensor.rows() != rows || tensor.cols() != cols) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' (position " + position + ", " + network
                    + ") has shape " + tensor.rows() + "x" + tensor.cols() + ", expected " + rows + "x" + cols);
        }
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
        Nd4jThreads.applyToThisThread();
        checkBatch(x, labels, count);
        OutAndGrad result = graph.sd.calculateGradientsAndOutputs(placeholders(x, labels, 0, count), fetched,
                graph.trainableNames);
        List<INDArray> grads = new ArrayList<>(graph.trainableNames.size());
        for (String name : graph.trainableNames) {
            grads.add(result.getGradients().get(name));
        }
        gradients.set(grads);
        hasGradients = true;
        double[] scores = BatchInputs.doubles(result.getOutputs().get(EmbeddingGraph.SCORES));
        lastCorrect = BatchInputs.countCorrect(scores, labels, 0, count, spec.numClasses());
        return meanLoss(scores, labels, 0, count);
    }

    /** Scratch's loss on the graph's cosine scores: the mean over the rows of {@code 1 - s[y]}, in double. */
    private double meanLoss(double[] scores, int[] labels, int from, int count) {
        int classes = spec.numClasses();
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += 1 - scores[i * classes + labels[from + i]];
        }
        return sum / count;
    }

    private Map<String, INDArray> placeholders(float[] x, int[] labels, int from, int count) {
        return BatchInputs.placeholders(x, labels, from, count, spec.inputSize(), spec.numClasses(), graph.dataType);
    }

    @Override
    public int lastBatchCorrect() {
        return lastCorrect;
    }

    /** {@inheritDoc} A frozen word net's gradients are zeros. */
    @Override
    public ParameterSet gradients() {
        if (!hasGradients) {
            throw new IllegalStateException("no gradients yet: call computeGradients first");
        }
        return gradients.toParameterSet();
    }

    @Override
    public void applyUpdate(double learningRate, double momentum, LayerGradientStats[] statsOut) {
        Nd4jThreads.applyToThisThread();
        if (!hasGradients) {
            throw new IllegalStateException("no gradients to apply: call computeGradients first");
        }
        ModelArguments.checkUpdate(learningRate, momentum, statsOut, layerCount());
        optimizer.step(gradients, learningRate, momentum, statsOut);
        parameters.copyTo(graphParameters, trainableLayers);
    }

    /** {@inheritDoc} {@code scoresOut} (cosine similarities) may be null when only the loss is wanted. */
    @Override
    public double evaluate(float[] x, int[] labels, int count, float[] scoresOut) {
        Nd4jThreads.applyToThisThread();
        checkBatch(x, labels, count);
        int classes = spec.numClasses();
        ModelArguments.checkScores(scoresOut, count, classes);
        double lossSum = 0;
        for (int from = 0; from < count; from += EVALUATION_CHUNK) {
            int rows = Math.min(EVALUATION_CHUNK, count - from);
            double[] s = BatchInputs.doubles(graph.sd.outputSingle(placeholders(x, labels, from, rows), EmbeddingGraph.SCORES));
            lossSum += meanLoss(s, labels, from, rows) * rows;
            if (scoresOut != null) {
                for (int i = 0; i < rows * classes; i++) {
                    scoresOut[from * classes + i] = (float) s[i];
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
        return parameters.toParameterSet();
    }

    @Override
    public ParameterSet velocities() {
        return optimizer.velocities();
    }

    @Override
    public void restoreState(ParameterSet values, ParameterSet velocities) {
        checkLayout(velocities);
        restoreParameters(values);
        optimizer.restoreVelocities(velocities);
    }

    @Override
    public void setParameters(ParameterSet values) {
        restoreParameters(values);
        optimizer.reset();
    }

    @Override
    public void restoreParameters(ParameterSet values) {
        checkLayout(values);
        parameters.set(values);
        parameters.copyTo(graphParameters);
    }
}
