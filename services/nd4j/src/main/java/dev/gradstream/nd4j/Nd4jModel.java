package dev.gradstream.nd4j;

import dev.gradstream.core.model.ModelArguments;
import dev.gradstream.core.model.ParameterShapes;
import dev.gradstream.core.model.LayerGradientStats;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The nd4j {@link Model}: a {@link MlpGraph} whose gradients come from SameDiff's automatic
 * differentiation, trained by {@link MomentumSgd} applied in place to the graph's parameters, which are
 * views of one {@link FlatParameters} vector.
 */
final class Nd4jModel implements Model {

    /** Rows scored per graph execution in {@link #evaluate}, bounding the activation memory. */
    private static final int EVALUATION_CHUNK = 1024;
    /** Probabilities are clipped at this value inside the logarithm of the loss, as in scratch. */
    static final double MIN_PROBABILITY = 1e-15;

    private final ModelSpec spec;
    private final MlpGraph graph;
    /** The master copy of the parameters; {@link #graphParameters} follow it after every change. */
    private final FlatParameters parameters;
    private final List<INDArray> graphParameters = new ArrayList<>();
    private final FlatParameters gradients;
    private final MomentumSgd optimizer;
    private final List<String> fetched = List.of(MlpGraph.LOGITS, MlpGraph.PROBABILITIES);
    private boolean hasGradients;
    private int lastCorrect;

    Nd4jModel(ModelSpec spec, ParameterSet initial) {
        ParameterShapes.check(spec, initial);
        this.spec = spec;
        this.parameters = new FlatParameters(spec, MlpGraph.dataType(spec.precision()));
        parameters.set(initial);
        this.gradients = parameters.zerosLike();
        this.graph = MlpGraph.build(spec, parameters);
        for (String name : graph.parameterNames) {
            graphParameters.add(graph.sd.getVariable(name).getArr());
        }
        this.optimizer = new MomentumSgd(parameters);
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public double computeGradients(float[] x, int[] labels, int count) {
        Nd4jThreads.applyToThisThread();
        checkBatch(x, labels, count);
        OutAndGrad result = graph.sd.calculateGradientsAndOutputs(placeholders(x, labels, 0, count), fetched,
                graph.parameterNames);
        List<INDArray> grads = new ArrayList<>(graph.parameterNames.size());
        for (String name : graph.parameterNames) {
            grads.add(result.getGradients().get(name));
        }
        gradients.set(grads);
        hasGradients = true;
        lastCorrect = BatchInputs.countCorrect(doubles(result.getOutputs().get(MlpGraph.LOGITS)), labels, 0, count,
                spec.outputSize());
        return meanLoss(doubles(result.getOutputs().get(MlpGraph.PROBABILITIES)), labels, 0, count);
    }

    /**
     * Scratch's loss on the graph's softmax probabilities: the mean over the rows of
     * {@code -log(max(p[y], 1e-15))}, in double.
     */
    private double meanLoss(double[] p, int[] labels, int from, int count) {
        int classes = spec.outputSize();
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum -= Math.log(Math.max(p[i * classes + labels[from + i]], MIN_PROBABILITY));
        }
        return sum / count;
    }

    private Map<String, INDArray> placeholders(float[] x, int[] labels, int from, int count) {
        return BatchInputs.placeholders(x, labels, from, count, spec.inputSize(), spec.outputSize(), graph.dataType);
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
        return gradients.toParameterSet();
    }

    @Override
    public void applyUpdate(double learningRate, double momentum, LayerGradientStats[] statsOut) {
        Nd4jThreads.applyToThisThread();
        if (!hasGradients) {
            throw new IllegalStateException("no gradients to apply: call computeGradients first");
        }
        ModelArguments.checkUpdate(learningRate, momentum, statsOut, spec.layerCount());
        optimizer.step(gradients, learningRate, momentum, statsOut);
        parameters.copyTo(graphParameters);
    }

    /** {@inheritDoc} {@code scoresOut} may be null when only the loss is wanted. */
    @Override
    public double evaluate(float[] x, int[] labels, int count, float[] scoresOut) {
        Nd4jThreads.applyToThisThread();
        checkBatch(x, labels, count);
        int classes = spec.outputSize();
        ModelArguments.checkScores(scoresOut, count, classes);
        double lossSum = 0;
        for (int from = 0; from < count; from += EVALUATION_CHUNK) {
            int rows = Math.min(EVALUATION_CHUNK, count - from);
            INDArray out = graph.sd.outputSingle(placeholders(x, labels, from, rows), MlpGraph.PROBABILITIES);
            double[] p = doubles(out);
            lossSum += meanLoss(p, labels, from, rows) * rows;
            if (scoresOut != null) {
                for (int i = 0; i < rows * classes; i++) {
                    scoresOut[from * classes + i] = (float) p[i];
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
        return parameters.toParameterSet();
    }

    private static double[] doubles(INDArray a) {
        return BatchInputs.doubles(a);
    }

    @Override
    public ParameterSet velocities() {
        return optimizer.velocities();
    }

    @Override
    public void restoreState(ParameterSet values, ParameterSet velocities) {
        ParameterShapes.check(spec, velocities);
        restoreParameters(values);
        optimizer.restoreVelocities(velocities);
    }

    @Override
    public void setParameters(ParameterSet parameters) {
        restoreParameters(parameters);
        optimizer.reset();
    }

    @Override
    public void restoreParameters(ParameterSet values) {
        ParameterShapes.check(spec, values);
        parameters.set(values);
        parameters.copyTo(graphParameters);
    }
}
