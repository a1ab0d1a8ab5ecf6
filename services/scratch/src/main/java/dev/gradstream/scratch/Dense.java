package dev.gradstream.scratch;

/**
 * A fully connected layer {@code z = x W + b}, with W {@code fanIn x fanOut} row-major. Forward keeps a
 * reference to its input for the backward pass, which fills {@link #weightGrad} and {@link #biasGrad}.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class Dense<A> {

    final int fanIn;
    final int fanOut;
    final A weight;
    final A bias;
    final A weightGrad;
    final A biasGrad;
    private final Kernels<A> kernels;
    private final Batch<A> output;
    private final Batch<A> inputGrad;
    private A input;

    Dense(Kernels<A> kernels, int fanIn, int fanOut, A weight, A bias) {
        this.kernels = kernels;
        this.fanIn = fanIn;
        this.fanOut = fanOut;
        this.weight = weight;
        this.bias = bias;
        this.weightGrad = kernels.allocate(fanIn * fanOut);
        this.biasGrad = kernels.allocate(fanOut);
        this.output = new Batch<>(kernels, fanOut);
        this.inputGrad = new Batch<>(kernels, fanIn);
    }

    /** {@code z[m x fanOut] = x[m x fanIn] W + b}; the result is owned by this layer. */
    A forward(A x, int m) {
        input = x;
        A z = output.forRows(m);
        kernels.multiply(x, weight, z, m, fanIn, fanOut);
        kernels.addRowVector(z, bias, m, fanOut);
        return z;
    }

    /**
     * From {@code dz = dL/dz}: {@code dW = x^T dz}, {@code db = column sums of dz}, and, if wanted,
     * {@code dx = dz W^T} (returned; null otherwise: the first layer has no use for it).
     */
    A backward(A dz, int m, boolean wantInputGrad) {
        kernels.multiplyTransposedLeft(input, dz, weightGrad, m, fanIn, fanOut);
        kernels.columnSums(dz, biasGrad, m, fanOut);
        if (!wantInputGrad) {
            return null;
        }
        A dx = inputGrad.forRows(m);
        kernels.multiplyTransposedRight(dz, weight, dx, m, fanIn, fanOut);
        return dx;
    }
}
