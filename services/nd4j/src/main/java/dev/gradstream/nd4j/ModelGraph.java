package dev.gradstream.nd4j;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A model as a SameDiff graph, what {@link Nd4jModel} runs: the Part I classifier ({@link MlpGraph#build}) or
 * the Part II embedding model ({@link EmbeddingGraph#build}). Its placeholders are {@link BatchInputs#INPUT}
 * and {@link BatchInputs#LABELS}; its tensors are named as in {@link dev.gradstream.core.model.ParameterShapes}.
 *
 * @param dataType         the float type of placeholders, variables and outputs
 * @param tensorNames      every tensor's graph name in {@link dev.gradstream.core.model.ParameterSet} order
 * @param trainableNames   the names of the tensors that are variables (gradients requested): a prefix of
 *                         {@code tensorNames}
 * @param scoresOutput     the output whose rows are the model's scores ({@code m x classes})
 * @param predictionOutput the output whose row maximum is the prediction (the first maximum wins ties, as in
 *                         scratch)
 * @param rowLoss          the loss of one sample, as scratch computes it in double, from its score of the
 *                         true class
 */
record ModelGraph(SameDiff sd, DataType dataType, List<String> tensorNames, List<String> trainableNames,
                  String scoresOutput, String predictionOutput, DoubleUnaryOperator rowLoss) {

    ModelGraph {
        tensorNames = List.copyOf(tensorNames);
        trainableNames = List.copyOf(trainableNames);
    }

    /** The outputs a training pass fetches: the prediction's and the scores' (once when they are one). */
    List<String> trainingOutputs() {
        return predictionOutput.equals(scoresOutput) ? List.of(scoresOutput) : List.of(predictionOutput, scoresOutput);
    }
}
