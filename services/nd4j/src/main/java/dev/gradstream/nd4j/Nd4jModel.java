package dev.gradstream.nd4j;

import dev.gradstream.core.model.AbstractModel;
import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.MomentumSgd;
import dev.gradstream.core.model.ParameterSet;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The nd4j {@link dev.gradstream.core.model.Model}, Part I or Part II: a {@link ModelGraph} (built by
 * {@link MlpGraph} or {@link EmbeddingGraph}) whose gradients come from SameDiff's automatic differentiation, trained by
 * {@link Nd4jMomentumSgd} over one {@link FlatParameters} vector in the layout of
 * {@link dev.gradstream.core.model.KaimingInit} ({@link GraphParameters}).
 *
 * <p>When a Part II spec freezes the word net, its layers are graph constants: their gradients stay zero,
 * the optimizer steps only the image layers, and their statistics are zeros, as in scratch.
 */
final class Nd4jModel extends AbstractModel {

    /** Rows scored per graph execution in {@link #evaluate}, bounding the activation memory. */
    private static final int EVALUATION_CHUNK = 1024;

    private final ModelGraph graph;
    private final GraphParameters parameters;

    /** A Part I classifier. */
    Nd4jModel(ModelSpec spec, ParameterSet initial) {
        super(spec, initial, EVALUATION_CHUNK);
        FlatParameters values = new FlatParameters(spec, MlpGraph.dataType(spec.precision()));
        values.set(initial);
        this.graph = MlpGraph.build(spec, values);
        this.parameters = new GraphParameters(graph, values);
    }

    /** A Part II model: the image layers, then the word layers. */
    Nd4jModel(EmbeddingSpec spec, ParameterSet initial) {
        super(spec, initial, EVALUATION_CHUNK);
        FlatParameters values = FlatParameters.of(spec, MlpGraph.dataType(spec.precision()));
        values.set(initial);
        this.graph = EmbeddingGraph.build(spec, values);
        this.parameters = new GraphParameters(graph, values);
    }

    @Override
    protected BatchResult forwardBackward(float[] x, int[] labels, int count) {
        Nd4jThreads.applyToThisThread();
        Map<String, INDArray> outputs = parameters.computeGradients(placeholders(x, labels, 0, count),
                graph.trainingOutputs());
        double[] scores = BatchInputs.doubles(outputs.get(graph.scoresOutput()));
        double[] predictions = graph.predictionOutput().equals(graph.scoresOutput()) ? scores
                : BatchInputs.doubles(outputs.get(graph.predictionOutput()));
        return new BatchResult(meanLoss(scores, labels, 0, count),
                BatchInputs.countCorrect(predictions, labels, 0, count, classes()));
    }

    /** The mean of the graph's {@link ModelGraph#rowLoss} over {@code count} rows of scores, in double. */
    private double meanLoss(double[] scores, int[] labels, int from, int count) {
        int classes = classes();
        DoubleUnaryOperator rowLoss = graph.rowLoss();
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += rowLoss.applyAsDouble(scores[i * classes + labels[from + i]]);
        }
        return sum / count;
    }

    private Map<String, INDArray> placeholders(float[] x, int[] labels, int from, int count) {
        return BatchInputs.placeholders(x, labels, from, count, spec().inputSize(), classes(), graph.dataType());
    }

    /** {@inheritDoc} A frozen word net's gradients are zeros. */
    @Override
    protected ParameterSet gradientValues() {
        return parameters.gradients();
    }

    /** {@inheritDoc} The scores are the softmax probabilities (Part I) or cosine similarities (Part II). */
    @Override
    protected double evaluateRows(float[] x, int[] labels, int from, int rows, float[] scoresOut) {
        Nd4jThreads.applyToThisThread();
        double[] scores = BatchInputs.scores(graph.sd(), placeholders(x, labels, from, rows), graph.scoresOutput(),
                from * classes(), scoresOut);
        return meanLoss(scores, labels, from, rows);
    }

    @Override
    public ParameterSet parameters() {
        return parameters.values();
    }

    @Override
    protected void loadParameters(ParameterSet values) {
        parameters.load(values);
    }

    @Override
    protected MomentumSgd optimizer() {
        return parameters.optimizer();
    }

    @Override
    protected void afterStep() {
        parameters.afterStep();
    }
}
