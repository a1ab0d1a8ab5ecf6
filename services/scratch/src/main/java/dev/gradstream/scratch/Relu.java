package dev.gradstream.scratch;

/**
 * {@code y = max(x, 0)} element-wise; backward passes the gradient where the output was positive
 * (the derivative at exactly 0 is taken as 0).
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class Relu<A> {

    private final Kernels<A> kernels;
    private final int width;
    private final Batch<A> output;
    private final Batch<A> inputGrad;
    private A lastOutput;

    Relu(Kernels<A> kernels, int width) {
        this.kernels = kernels;
        this.width = width;
        this.output = new Batch<>(kernels, width);
        this.inputGrad = new Batch<>(kernels, width);
    }

    A forward(A x, int m) {
        A y = output.forRows(m);
        kernels.relu(x, y, m * width);
        lastOutput = y;
        return y;
    }

    A backward(A dy, int m) {
        A dx = inputGrad.forRows(m);
        kernels.reluBackward(lastOutput, dy, dx, m * width);
        return dx;
    }
}
