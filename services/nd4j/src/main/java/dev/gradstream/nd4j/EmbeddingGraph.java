package dev.gradstream.nd4j;

import dev.gradstream.core.model.EmbeddingSpec;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Part II model as a SameDiff graph. The image MLP maps the {@link BatchInputs#INPUT} rows to
 * embeddings u ({@code m x embedDim}); the word MLP maps the constant {@code K x wordDim} class word
 * vectors to class embeddings E. Both are {@link MlpGraph#denseStack}s over one {@link FlatParameters}
 * vector (image layers first). Then:
 * <ul>
 *   <li>{@link #SCORES}: {@code s_ik = û_i · ê_k} ({@code m x K}) with {@code v̂ = v / max(||v||, 1e-8)}
 *       row by row, scratch's clamped cosine;
 *   <li>{@link #LOSS}: {@code mean_i (1 - sum_k onehot_ik s_ik)}, the graph's loss variable.
 * </ul>
 * The clamp is written {@code sqrt(max(||v||², eps²))}: the same value, but its gradient stays finite for
 * a zero vector, where the derivative of a norm op is 0/0; below the clamp the gradient is {@code g / eps},
 * as in scratch.
 *
 * <p>A frozen word net's tensors are graph constants, so autodiff never differentiates through the word
 * MLP; a trained one's are variables like the image net's.
 */
final class EmbeddingGraph {

    static final String CLASS_VECTORS = "class_vectors";
    static final String IMAGE_EMBEDDING = "image_embedding";
    static final String CLASS_EMBEDDING = "class_embedding";
    static final String SCORES = "scores";
    static final String LOSS = "loss";
    /** Norms are clamped below at this value, as in scratch's {@code CosineEmbeddingLoss}. */
    static final double NORM_EPSILON = 1e-8;

    private EmbeddingGraph() {
    }

    /**
     * Builds the graph, whose scores and prediction are the {@link #SCORES} and whose loss per sample is
     * {@code 1 - s[y]}; its variables and constants start as copies of {@code parameters}' views.
     */
    static ModelGraph build(EmbeddingSpec spec, FlatParameters parameters) {
        DataType type = parameters.flat().dataType();
        int imageLayers = spec.imageNet().layerCount();
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder(BatchInputs.INPUT, type, -1, spec.inputSize());
        SDVariable labels = sd.placeHolder(BatchInputs.LABELS, type, -1, spec.numClasses());
        SDVariable classVectors = sd.constant(CLASS_VECTORS,
                Nd4j.create(spec.classVectors(), new long[] {spec.numClasses(), spec.wordDim()}, type));
        List<String> names = new ArrayList<>();
        SDVariable u = MlpGraph.denseStack(sd, input, parameters, 0, imageLayers, true, IMAGE_EMBEDDING, names);
        SDVariable e = MlpGraph.denseStack(sd, classVectors, parameters, imageLayers, spec.wordNet().layerCount(),
                spec.trainWordNet(), CLASS_EMBEDDING, names);
        List<String> trainable = spec.trainWordNet() ? names : names.subList(0, 2 * imageLayers);
        SDVariable scores = sd.mmul(SCORES, unitRows(sd, u, type), unitRows(sd, e, type), false, true, false);
        SDVariable loss = sd.mean(LOSS, scores.mul(labels).sum(1).rsub(1.0));
        sd.setLossVariables(loss);
        return new ModelGraph(sd, type, names, trainable, SCORES, SCORES, s -> 1 - s);
    }

    /** {@code v / sqrt(max(sum_j v_j², eps²))} row by row. */
    private static SDVariable unitRows(SameDiff sd, SDVariable v, DataType type) {
        SDVariable squares = sd.sum(sd.math.square(v), true, 1);
        SDVariable floor = sd.constant(Nd4j.scalar(type, NORM_EPSILON * NORM_EPSILON));
        return v.div(sd.math.sqrt(sd.math.max(squares, floor)));
    }
}
