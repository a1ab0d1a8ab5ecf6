package dev.gradstream.nd4j;

import dev.gradstream.core.model.EmbeddingSpec;
import dev.gradstream.core.model.ParameterShapes;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One flat ND4J vector holding every tensor of a network in {@link ParameterSet} order (layer 0 weight
 * row-major, layer 0 bias, layer 1 weight, ...), with a shaped view per tensor. Each layer's weight and
 * bias are contiguous, so a layer is one slice. Used for parameters, velocities and gradients alike, so
 * that an optimizer step is a handful of whole-vector operations instead of several per tensor.
 *
 * <p>The layers are given by their shapes only, so one vector can also hold the image layers followed by
 * the word layers of a Part II model ({@link #of(EmbeddingSpec, DataType)}), numbered on in tensor names.
 *
 * <p>SameDiff copies a view handed to {@code sd.var} (checked: it keeps a fresh array), so the graph's
 * variables cannot alias this vector; {@link #copyTo} brings them up to date instead.
 */
final class FlatParameters {

    private final int[] fanIn;
    private final int[] fanOut;
    private final INDArray flat;
    private final List<INDArray> views = new ArrayList<>();
    private final long[] layerStart;

    /** Dense layer {@code l} is {@code fanIn[l] x fanOut[l]} (plus a bias of {@code fanOut[l]}). */
    private FlatParameters(int[] fanIn, int[] fanOut, DataType type) {
        this.fanIn = fanIn.clone();
        this.fanOut = fanOut.clone();
        int layers = fanIn.length;
        this.layerStart = new long[layers + 1];
        for (int l = 0; l < layers; l++) {
            layerStart[l + 1] = layerStart[l] + (long) (fanIn[l] + 1) * fanOut[l];
        }
        this.flat = Nd4j.create(type, layerStart[layers]);
        for (int l = 0; l < layers; l++) {
            long w = (long) fanIn[l] * fanOut[l];
            views.add(flat.get(NDArrayIndex.interval(layerStart[l], layerStart[l] + w))
                    .reshape('c', fanIn[l], fanOut[l]));
            views.add(flat.get(NDArrayIndex.interval(layerStart[l] + w, layerStart[l + 1])));
        }
    }

    /** The layers of {@code spec}. */
    FlatParameters(ModelSpec spec, DataType type) {
        this(fanIns(spec), fanOuts(spec), type);
    }

    /** The image layers of {@code spec}, then its word layers. */
    static FlatParameters of(EmbeddingSpec spec, DataType type) {
        ModelSpec image = spec.imageNet();
        ModelSpec word = spec.wordNet();
        return new FlatParameters(concat(fanIns(image), fanIns(word)), concat(fanOuts(image), fanOuts(word)), type);
    }

    /** A zeroed vector of the same layers (for velocities and gradients). */
    FlatParameters zerosLike() {
        return new FlatParameters(fanIn, fanOut, flat.dataType());
    }

    private static int[] fanIns(ModelSpec spec) {
        int[] out = new int[spec.layerCount()];
        for (int l = 0; l < out.length; l++) {
            out[l] = spec.fanIn(l);
        }
        return out;
    }

    private static int[] fanOuts(ModelSpec spec) {
        int[] out = new int[spec.layerCount()];
        for (int l = 0; l < out.length; l++) {
            out[l] = spec.fanOut(l);
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Number of dense layers. */
    int layerCount() {
        return fanIn.length;
    }

    /** The whole vector. */
    INDArray flat() {
        return flat;
    }

    /** The view of tensor {@code t} in {@link ParameterSet} order: weights {@code fanIn x fanOut}, biases {@code fanOut}. */
    INDArray view(int t) {
        return views.get(t);
    }

    /** Index in {@link #flat()} where layer {@code layer}'s weight starts; {@code layer = layerCount} gives the length. */
    long layerStart(int layer) {
        return layerStart[layer];
    }

    /** Copies {@code values} (already checked against the spec) into the vector. */
    void set(ParameterSet values) {
        double[] all = new double[(int) layerStart[layerCount()]];
        int at = 0;
        for (Tensor t : values.tensors()) {
            System.arraycopy(t.values(), 0, all, at, t.values().length);
            at += t.values().length;
        }
        flat.assign(Nd4j.create(all, new long[] {all.length}, flat.dataType()));
    }

    /**
     * Copies each of {@code arrays} (same order and element counts as the views) into its view; when there
     * are fewer arrays than views, the remaining views are left as they are.
     */
    void set(List<INDArray> arrays) {
        for (int t = 0; t < arrays.size(); t++) {
            views.get(t).assign(arrays.get(t));
        }
    }

    /** Copies each view into the matching one of {@code arrays} (same order and shapes as the views). */
    void copyTo(List<INDArray> arrays) {
        copyTo(arrays, layerCount());
    }

    /** Copies the views of the first {@code layers} layers into the matching ones of {@code arrays}. */
    void copyTo(List<INDArray> arrays, int layers) {
        for (int t = 0; t < 2 * layers; t++) {
            arrays.get(t).assign(views.get(t));
        }
    }

    /** The vector's values widened to double (one bulk copy out of native memory). */
    double[] toDoubles() {
        int n = (int) flat.length();
        return toDoubles(new double[n], new float[flat.dataType() == DataType.DOUBLE ? 0 : n]);
    }

    /**
     * The vector's values widened to double into {@code out} (one bulk copy out of native memory; a float
     * vector goes through {@code floats}, which must hold it). Through javacpp's bulk get: DataBuffer.asFloat
     * and asDouble, and NIO views, read element by element (~1 ms per 10^6 elements here).
     */
    double[] toDoubles(double[] out, float[] floats) {
        if (flat.dataType() == DataType.DOUBLE) {
            ((DoublePointer) flat.data().addressPointer()).get(out, 0, (int) flat.length());
            return out;
        }
        int n = (int) flat.length();
        toFloats(floats);
        for (int i = 0; i < n; i++) {
            out[i] = floats[i];
        }
        return out;
    }

    /** A float vector's values into {@code out}, which must hold them: one bulk copy out of native memory. */
    float[] toFloats(float[] out) {
        ((FloatPointer) flat.data().addressPointer()).get(out, 0, (int) flat.length());
        return out;
    }

    /** A copy as a {@link ParameterSet}. */
    ParameterSet toParameterSet() {
        double[] all = toDoubles();
        List<Tensor> out = new ArrayList<>(views.size());
        for (int l = 0; l < layerCount(); l++) {
            int start = (int) layerStart[l];
            int w = fanIn[l] * fanOut[l];
            out.add(new Tensor(ParameterShapes.weightName(l), fanIn[l], fanOut[l],
                    java.util.Arrays.copyOfRange(all, start, start + w)));
            out.add(new Tensor(ParameterShapes.biasName(l), 1, fanOut[l],
                    java.util.Arrays.copyOfRange(all, start + w, (int) layerStart[l + 1])));
        }
        return new ParameterSet(out);
    }
}
