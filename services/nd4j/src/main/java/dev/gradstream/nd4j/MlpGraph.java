package dev.gradstream.nd4j;

import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Part I classifier as a SameDiff graph: {@code z = x W + b} per dense layer (W {@code fanIn x fanOut}),
 * ReLU between layers, max-subtracted softmax and the mean cross-entropy on top.
 *
 * <p>The loss is built so that both its value and its gradient match the scratch backend:
 * <ul>
 *   <li>value per sample: {@code -log(max(p[y], 1e-15))}, with {@code p = exp(z - max z) / sum exp(z - max z)};
 *   <li>gradient: that of the unclipped {@code log(sum exp(z - max z)) - (z[y] - max z)}, i.e.
 *       {@code (p - onehot(y)) / m} (the clip guards the value only, as in scratch).
 * </ul>
 * Per sample {@code nll + stopGradient(clipped - nll)} has the clipped value and the unclipped gradient;
 * the row maximum also sits behind a stop-gradient (softmax does not depend on it).
 */
final class MlpGraph {

    static final String INPUT = "input";
    static final String LABELS = "labels";
    static final String LOGITS = "logits";
    static final String PROBABILITIES = "probabilities";
    static final String LOSS = "loss";
    static final double MIN_PROBABILITY = 1e-15;

    final SameDiff sd;
    final DataType dataType;
    /** Variable names in {@link ParameterSet} order: layer0.weight, layer0.bias, layer1.weight, ... */
    final List<String> parameterNames;

    private MlpGraph(SameDiff sd, DataType dataType, List<String> parameterNames) {
        this.sd = sd;
        this.dataType = dataType;
        this.parameterNames = List.copyOf(parameterNames);
    }

    static DataType dataType(Precision precision) {
        return precision == Precision.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** Builds the graph with its variables holding {@code initial} (already checked against {@code spec}). */
    static MlpGraph build(ModelSpec spec, ParameterSet initial) {
        DataType type = dataType(spec.precision());
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder(INPUT, type, -1, spec.inputSize());
        SDVariable labels = sd.placeHolder(LABELS, type, -1, spec.outputSize());
        List<String> names = new ArrayList<>();
        SDVariable h = input;
        for (int l = 0; l < spec.layerCount(); l++) {
            String w = ParameterShapes.weightName(l);
            String b = ParameterShapes.biasName(l);
            SDVariable weight = sd.var(w, Nd4j.create(initial.weight(l).values(),
                    new long[] {spec.fanIn(l), spec.fanOut(l)}, type));
            SDVariable bias = sd.var(b, Nd4j.create(initial.bias(l).values(), new long[] {1, spec.fanOut(l)}, type));
            names.add(w);
            names.add(b);
            boolean output = l == spec.layerCount() - 1;
            SDVariable z = output ? h.mmul(weight).add(LOGITS, bias) : h.mmul(weight).add(bias);
            h = output ? z : sd.nn.relu(z, 0.0);
        }
        addLoss(sd, h, labels);
        return new MlpGraph(sd, type, names);
    }

    private static void addLoss(SameDiff sd, SDVariable logits, SDVariable onehot) {
        SDVariable rowMax = stopGradient(sd, logits.max(true, 1));
        SDVariable shifted = logits.sub(rowMax);
        SDVariable exp = sd.math.exp(shifted);
        SDVariable p = exp.div(PROBABILITIES, exp.sum(true, 1));
        SDVariable clipped = sd.math.log(sd.scalarMax(p.mul(onehot).sum(1), MIN_PROBABILITY)).neg();
        SDVariable nll = sd.math.log(exp.sum(1)).sub(shifted.mul(onehot).sum(1));
        SDVariable perSample = nll.add(stopGradient(sd, clipped.sub(nll)));
        SDVariable loss = perSample.mean(LOSS, 0);
        sd.setLossVariables(loss);
    }

    private static SDVariable stopGradient(SameDiff sd, SDVariable x) {
        return new StopGradient(sd, x).outputVariable();
    }
}
