package dev.gradstream.nd4j;

import dev.gradstream.core.model.ParameterShapes;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.Precision;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The Part I classifier as a SameDiff graph: {@code z = x W + b} per dense layer (W {@code fanIn x fanOut},
 * b a vector of {@code fanOut}), ReLU between layers, and on the logits two heads:
 * <ul>
 *   <li>{@link #PROBABILITIES}: ND4J's softmax (which subtracts the row maximum before exponentiating);
 *   <li>{@link #LOSS}: ND4J's fused softmax cross-entropy, mean over the batch, the graph's loss variable.
 *       Its gradient with respect to the logits is {@code (p - onehot(y)) / m}, the gradient scratch uses
 *       (that of the unclipped loss).
 * </ul>
 * The loss value the model reports is scratch's {@code -log(max(p[y], 1e-15))} evaluated on
 * {@link #PROBABILITIES}: it differs from the fused loss only when a probability is
 * below 1e-15, where the clip guards the value and leaves the gradient alone, as in scratch.
 *
 * <p>Fused ops ({@code xw_plus_b}, {@code softmax_cross_entropy_loss}) keep the graph at about 20 op
 * executions per training step; at batch 64 SameDiff's per-op overhead, not arithmetic, sets the speed.
 */
final class MlpGraph {

    static final String LOGITS = "logits";
    static final String PROBABILITIES = "probabilities";
    static final String LOSS = "loss";
    /** Probabilities are clipped at this value inside the logarithm of the loss, as in scratch. */
    static final double MIN_PROBABILITY = 1e-15;

    private MlpGraph() {
    }

    static DataType dataType(Precision precision) {
        return precision == Precision.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
    }

    /**
     * Builds the graph, whose scores are {@link #PROBABILITIES} and whose prediction is the argmax of the
     * {@link #LOGITS}; its variables start as copies of {@code parameters}' views.
     */
    static ModelGraph build(ModelSpec spec, FlatParameters parameters) {
        DataType type = parameters.flat().dataType();
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder(BatchInputs.INPUT, type, -1, spec.inputSize());
        SDVariable labels = sd.placeHolder(BatchInputs.LABELS, type, -1, spec.outputSize());
        List<String> names = new ArrayList<>();
        SDVariable h = denseStack(sd, input, parameters, 0, spec.layerCount(), true, LOGITS, names);
        sd.nn.softmax(PROBABILITIES, h, 1);
        SDVariable loss = sd.loss.softmaxCrossEntropy(LOSS, labels, h, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        sd.setLossVariables(loss);
        return new ModelGraph(sd, type, names, names, PROBABILITIES, LOGITS,
                p -> -Math.log(Math.max(p, MIN_PROBABILITY)));
    }

    /**
     * Dense layers {@code first .. first + count - 1} of {@code parameters} on {@code x}: {@code x W + b}
     * ({@code xw_plus_b}), ReLU after every layer but the last, the last named {@code outputName}. Their
     * tensors become variables when {@code trainable}, else constants (no gradient is computed for them),
     * each starting as a copy of its view and named as in {@link ParameterShapes}; the names are appended
     * to {@code names}.
     */
    static SDVariable denseStack(SameDiff sd, SDVariable x, FlatParameters parameters, int first, int count,
                                 boolean trainable, String outputName, List<String> names) {
        SDVariable h = x;
        for (int l = first; l < first + count; l++) {
            String w = ParameterShapes.weightName(l);
            String b = ParameterShapes.biasName(l);
            SDVariable weight = trainable ? sd.var(w, parameters.view(2 * l)) : sd.constant(w, parameters.view(2 * l).dup());
            SDVariable bias = trainable ? sd.var(b, parameters.view(2 * l + 1)) : sd.constant(b, parameters.view(2 * l + 1).dup());
            names.add(w);
            names.add(b);
            boolean output = l == first + count - 1;
            h = output ? sd.nn.linear(outputName, h, weight, bias) : sd.nn.relu(sd.nn.linear(h, weight, bias), 0.0);
        }
        return h;
    }
}
