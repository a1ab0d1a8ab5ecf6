package dev.gradstream.nd4j;

import dev.gradstream.core.model.MomentumSgd;
import dev.gradstream.core.model.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter side of an nd4j model: the master copy of the parameters (one {@link FlatParameters}
 * vector), the graph's arrays of them (SameDiff copies what {@code sd.var} is given, so they follow the
 * master copy after every change instead of aliasing it), the gradients of the last pass and the
 * {@link Nd4jMomentumSgd} that steps the trainable layers, a prefix of the layout.
 */
final class GraphParameters {

    private final SameDiff sd;
    private final FlatParameters values;
    /** Zero beyond the trainable layers, which are never written. */
    private final FlatParameters gradients;
    /** The graph's arrays of every tensor (variables and, for a frozen word net, constants). */
    private final List<INDArray> graphArrays = new ArrayList<>();
    private final List<String> trainableNames;
    private final int trainableLayers;
    private final Nd4jMomentumSgd optimizer;

    /** @param values the parameters {@code graph} was built from; from now on the master copy */
    GraphParameters(ModelGraph graph, FlatParameters values) {
        this.sd = graph.sd();
        this.values = values;
        this.gradients = values.zerosLike();
        for (String name : graph.tensorNames()) {
            graphArrays.add(sd.getVariable(name).getArr());
        }
        this.trainableNames = graph.trainableNames();
        this.trainableLayers = trainableNames.size() / 2;
        this.optimizer = new Nd4jMomentumSgd(values, gradients, trainableLayers);
    }

    /**
     * Runs the graph forward and backward on {@code placeholders}, keeps the gradients of the trainable
     * tensors and returns the {@code fetched} outputs.
     */
    Map<String, INDArray> computeGradients(Map<String, INDArray> placeholders, List<String> fetched) {
        OutAndGrad result = sd.calculateGradientsAndOutputs(placeholders, fetched, trainableNames);
        List<INDArray> grads = new ArrayList<>(trainableNames.size());
        for (String name : trainableNames) {
            grads.add(result.getGradients().get(name));
        }
        gradients.set(grads);
        return result.getOutputs();
    }

    /** A copy of the gradients of the last {@link #computeGradients} (zeros for frozen layers). */
    ParameterSet gradients() {
        return gradients.toParameterSet();
    }

    /** A copy of the parameters. */
    ParameterSet values() {
        return values.toParameterSet();
    }

    /** Replaces every parameter, in the master copy and in the graph; {@code checked} fits the layout. */
    void load(ParameterSet checked) {
        values.set(checked);
        values.copyTo(graphArrays);
    }

    MomentumSgd optimizer() {
        return optimizer;
    }

    /** Brings the graph's trainable arrays up to date after an optimizer step. */
    void afterStep() {
        values.copyTo(graphArrays, trainableLayers);
    }
}
