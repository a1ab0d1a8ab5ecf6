package dev.gradstream.scratch;

import dev.gradstream.core.model.ParameterShapes;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * An MLP without a head: {@link Dense} layers with {@link Relu} between them and a linear output, as one
 * of the two networks of a Part II model. Its layers are numbered from {@code firstIndex} on in tensor
 * names ({@code "layer<i>.weight"}), so the word network's layers follow the image network's.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class DenseStack<A> {

    final List<Dense<A>> layers = new ArrayList<>();
    private final List<Relu<A>> relus = new ArrayList<>();
    private final Kernels<A> kernels;
    private final int firstIndex;

    /** @param initial this stack's tensors (weight, bias per layer), shapes already checked ({@link ParameterShapes}) */
    DenseStack(Kernels<A> kernels, ModelSpec spec, List<Tensor> initial, int firstIndex) {
        this.kernels = kernels;
        this.firstIndex = firstIndex;
        for (int l = 0; l < spec.layerCount(); l++) {
            layers.add(new Dense<>(kernels, spec.fanIn(l), spec.fanOut(l),
                    kernels.fromDoubles(initial.get(2 * l).values()), kernels.fromDoubles(initial.get(2 * l + 1).values())));
            if (l < spec.layerCount() - 1) {
                relus.add(new Relu<>(kernels, spec.fanOut(l)));
            }
        }
    }

    /**
     * A stack with the same weights and biases as {@code other} (the same arrays, so a step of either is a
     * step of both) and gradients and activations of its own: the second half of a batch runs through it on
     * the other thread.
     */
    DenseStack(DenseStack<A> other) {
        this.kernels = other.kernels;
        this.firstIndex = other.firstIndex;
        for (Dense<A> layer : other.layers) {
            layers.add(new Dense<>(kernels, layer.fanIn, layer.fanOut, layer.weight, layer.bias));
        }
        for (int l = 0; l < other.relus.size(); l++) {
            relus.add(new Relu<>(kernels, layers.get(l).fanOut));
        }
    }

    /** Sets every layer's gradients to zero (a second half that had no rows of a batch). */
    void zeroGradients() {
        for (Dense<A> layer : layers) {
            for (int i = 0; i < layer.fanIn * layer.fanOut; i++) {
                kernels.set(layer.weightGrad, i, 0);
            }
            for (int i = 0; i < layer.fanOut; i++) {
                kernels.set(layer.biasGrad, i, 0);
            }
        }
    }

    /** The output ({@code m x outputSize}, owned by the last layer) for {@code m} rows of {@code x}. */
    A forward(A x, int m) {
        A h = x;
        for (int l = 0; l < layers.size(); l++) {
            h = layers.get(l).forward(h, m);
            if (l < relus.size()) {
                h = relus.get(l).forward(h, m);
            }
        }
        return h;
    }

    /**
     * Backward from {@code dOut = dL/d(output)} of the last {@link #forward}, filling every layer's
     * gradients; returns {@code dL/dx} if wanted, else null.
     */
    A backward(A dOut, int m, boolean wantInputGrad) {
        A d = dOut;
        for (int l = layers.size() - 1; l >= 0; l--) {
            d = layers.get(l).backward(d, m, l > 0 || wantInputGrad);
            if (l > 0) {
                d = relus.get(l - 1).backward(d, m);
            }
        }
        return d;
    }

    /** Appends copies of the weights and biases, layer by layer. */
    void addParameters(List<Tensor> out) {
        for (int l = 0; l < layers.size(); l++) {
            Dense<A> layer = layers.get(l);
            out.add(new Tensor(ParameterShapes.weightName(firstIndex + l), layer.fanIn, layer.fanOut,
                    kernels.toDoubles(layer.weight, layer.fanIn * layer.fanOut)));
            out.add(new Tensor(ParameterShapes.biasName(firstIndex + l), 1, layer.fanOut,
                    kernels.toDoubles(layer.bias, layer.fanOut)));
        }
    }

    /** Appends copies of the gradients of the last {@link #backward}, or zeros when {@code zero}. */
    void addGradients(List<Tensor> out, boolean zero) {
        addGradients(out, zero, null);
    }

    /**
     * Appends copies of the gradients of the last {@link #backward} plus, when {@code plus} is not null, those
     * of its {@link #DenseStack(DenseStack) twin}, added in this precision as the optimizer adds them.
     */
    void addGradients(List<Tensor> out, boolean zero, DenseStack<A> plus) {
        for (int l = 0; l < layers.size(); l++) {
            Dense<A> layer = layers.get(l);
            Dense<A> twin = plus == null ? null : plus.layers.get(l);
            int weights = layer.fanIn * layer.fanOut;
            out.add(new Tensor(ParameterShapes.weightName(firstIndex + l), layer.fanIn, layer.fanOut,
                    zero ? new double[weights] : gradient(layer.weightGrad, twin == null ? null : twin.weightGrad,
                            weights)));
            out.add(new Tensor(ParameterShapes.biasName(firstIndex + l), 1, layer.fanOut,
                    zero ? new double[layer.fanOut] : gradient(layer.biasGrad, twin == null ? null : twin.biasGrad,
                            layer.fanOut)));
        }
    }

    /** {@code own}, plus {@code twin} when it is not null, as doubles. */
    private double[] gradient(A own, A twin, int n) {
        if (twin == null) {
            return kernels.toDoubles(own, n);
        }
        A sum = kernels.allocate(n);
        kernels.addInto(sum, own, n);
        kernels.addInto(sum, twin, n);
        return kernels.toDoubles(sum, n);
    }

    /** Overwrites the weights and biases from {@code tensors} (checked shapes, this stack's layout). */
    void restore(List<Tensor> tensors) {
        for (int l = 0; l < layers.size(); l++) {
            Dense<A> layer = layers.get(l);
            System.arraycopy(kernels.fromDoubles(tensors.get(2 * l).values()), 0, layer.weight, 0,
                    layer.fanIn * layer.fanOut);
            System.arraycopy(kernels.fromDoubles(tensors.get(2 * l + 1).values()), 0, layer.bias, 0, layer.fanOut);
        }
    }
}
