package dev.gradstream.nd4j;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What both nd4j models do with a mini-batch outside the graph: check it, turn it into the graph's two
 * placeholders ({@link #INPUT} rows and one-hot {@link #LABELS}), and count argmax hits in its scores.
 */
final class BatchInputs {

    /** Placeholder of the {@code m x inputSize} input rows. */
    static final String INPUT = "input";
    /** Placeholder of the {@code m x classes} one-hot labels. */
    static final String LABELS = "labels";

    private BatchInputs() {
    }

    /** @throws IllegalArgumentException naming the offending count, array or label */
    static void check(float[] x, int[] labels, int count, int inputSize, int classes) {
        if (count <= 0) {
            throw new IllegalArgumentException("sample count must be positive, got " + count);
        }
        if (x.length < (long) count * inputSize) {
            throw new IllegalArgumentException("x holds " + x.length + " values, need " + count + " x " + inputSize);
        }
        if (labels.length < count) {
            throw new IllegalArgumentException("labels holds " + labels.length + " values, need " + count);
        }
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is not a class in [0, "
                        + classes + ")");
            }
        }
    }

    /** @throws IllegalArgumentException when {@code scoresOut} is given but too short */
    static void checkScores(float[] scoresOut, int count, int classes) {
        if (scoresOut != null && scoresOut.length < (long) count * classes) {
            throw new IllegalArgumentException("scoresOut holds " + scoresOut.length + " values, need "
                    + count + " x " + classes);
        }
    }

    /** @throws IllegalArgumentException naming the bad learning rate, momentum or statistics array */
    static void checkUpdate(double learningRate, double momentum, Object[] statsOut, int layers) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (statsOut != null && statsOut.length < layers) {
            throw new IllegalArgumentException("statsOut holds " + statsOut.length + " entries, the model has "
                    + layers + " layers");
        }
    }

    /** Rows {@code from .. from + count - 1} as the graph's {@link #INPUT} and {@link #LABELS} placeholders. */
    static Map<String, INDArray> placeholders(float[] x, int[] labels, int from, int count, int inputSize,
                                              int classes, DataType type) {
        float[] rows = new float[count * inputSize];
        System.arraycopy(x, from * inputSize, rows, 0, rows.length);
        float[] onehot = new float[count * classes];
        for (int i = 0; i < count; i++) {
            onehot[i * classes + labels[from + i]] = 1f;
        }
        Map<String, INDArray> values = new HashMap<>();
        values.put(INPUT, Nd4j.create(rows, new long[] {count, inputSize}, type));
        values.put(LABELS, Nd4j.create(onehot, new long[] {count, classes}, type));
        return values;
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

    /** The elements of {@code a} in row-major order, widened to double. */
    static double[] doubles(INDArray a) {
        return a.ravel().toDoubleVector();
    }
}
