package dev.gradstream.nd4j;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * What both nd4j models do with a mini-batch outside the graph: turn it into the graph's two placeholders
 * ({@link #INPUT} rows and one-hot {@link #LABELS}), count argmax hits in its scores, and copy the scores
 * out.
 */
final class BatchInputs {

    /** Placeholder of the {@code m x inputSize} input rows. */
    static final String INPUT = "input";
    /** Placeholder of the {@code m x classes} one-hot labels. */
    static final String LABELS = "labels";

    private BatchInputs() {
    }

    /** Rows {@code from .. from + count - 1} as the graph's {@link #INPUT} and {@link #LABELS} placeholders. */
    static Map<String, INDArray> placeholders(float[] x, int[] labels, int from, int count, int inputSize,
                                              int classes, DataType type) {
        float[] onehot = new float[count * classes];
        for (int i = 0; i < count; i++) {
            onehot[i * classes + labels[from + i]] = 1f;
        }
        Map<String, INDArray> values = new HashMap<>();
        values.put(INPUT, filled(x, from * inputSize, count, inputSize, type));
        values.put(LABELS, filled(onehot, 0, count, classes, type));
        return values;
    }

    /**
     * A new {@code rows x cols} array holding {@code values[offset ..]}, written by one bulk copy into its
     * native memory: {@code Nd4j.create(float[], ...)} writes element by element, and took an eighth of a
     * training step at batch 64.
     */
    private static INDArray filled(float[] values, int offset, int rows, int cols, DataType type) {
        INDArray array = Nd4j.create(type, rows, cols);
        int n = rows * cols;
        if (type == DataType.FLOAT) {
            ((FloatPointer) array.data().addressPointer()).put(values, offset, n);
        } else {
            double[] widened = new double[n];
            for (int i = 0; i < n; i++) {
                widened[i] = values[offset + i];
            }
            ((DoublePointer) array.data().addressPointer()).put(widened, 0, n);
        }
        return array;
    }

    /** Rows of {@code scores} ({@code count x classes}) whose highest entry is the label; the first maximum wins ties, as in scratch. */
    static int countCorrect(double[] scores, int[] labels, int from, int count, int classes) {
        int correct = 0;
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            correct += best == labels[from + i] ? 1 : 0;
        }
        return correct;
    }

    /**
     * Runs {@code sd} forward to its {@code output} scores ({@code rows x classes}) and returns them widened
     * to double; also writes them to {@code scoresOut[at ..]} when it is not null.
     */
    static double[] scores(SameDiff sd, Map<String, INDArray> placeholders, String output, int at, float[] scoresOut) {
        double[] scores = doubles(sd.outputSingle(placeholders, output));
        if (scoresOut != null) {
            for (int i = 0; i < scores.length; i++) {
                scoresOut[at + i] = (float) scores[i];
            }
        }
        return scores;
    }

    /** The elements of {@code a} in row-major order, widened to double. */
    static double[] doubles(INDArray a) {
        return a.ravel().toDoubleVector();
    }
}
