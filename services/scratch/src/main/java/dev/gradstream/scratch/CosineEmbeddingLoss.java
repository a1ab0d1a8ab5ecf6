package dev.gradstream.scratch;

import java.util.Arrays;

/**
 * The Part II loss: image embeddings {@code u} ({@code m x width}) against class embeddings {@code E}
 * ({@code classes x width}). Scores {@code s_ik = cos(u_i, E_k) = û_i · ê_k}, loss
 * {@code L = mean_i (1 - s_{i,y_i})}, prediction {@code argmax_k s_ik} (first maximum wins ties).
 *
 * <p>Normalisation {@code v̂ = v / max(||v||, eps)} with {@link #NORM_EPSILON}, so a zero vector has cosine 0
 * with everything instead of NaN. Backward is the exact derivative of that function: where
 * {@code ||v|| > eps} it is the projection {@code dv = (dv̂ - v̂ (v̂ · dv̂)) / ||v||}; below it the norm is
 * the constant eps and {@code dv = dv̂ / eps}. Only an (all but impossible) embedding shorter than eps
 * takes that branch; its gradient is large but finite.
 *
 * <p>Backward fills both {@code dL/du} and {@code dL/dE}; the latter sums, for every class, the
 * contributions of all samples labelled with it (classes absent from the batch get 0). Arithmetic runs in
 * double whatever the array precision, as in {@link SoftmaxCrossEntropy}.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class CosineEmbeddingLoss<A> {

    /** Norms are clamped below at this value (as {@code max(||v||, eps)}), PyTorch's cosine-similarity default. */
    static final double NORM_EPSILON = 1e-8;

    private final Kernels<A> kernels;
    private final int width;
    private final int classes;
    private final Batch<A> embeddingGrad;
    private final A classGrad;
    private final double[] unitClasses;
    private final double[] classNorms;
    private final double[] classGradSums;
    private final double[] upstream;
    private double[] unitRows = new double[0];
    private double[] rowNorms = new double[0];
    private double[] scores = new double[0];
    private int[] lastLabels;
    private int lastLabelOffset;
    private int lastCorrect;

    CosineEmbeddingLoss(Kernels<A> kernels, int width, int classes) {
        this.kernels = kernels;
        this.width = width;
        this.classes = classes;
        this.embeddingGrad = new Batch<>(kernels, width);
        this.classGrad = kernels.allocate(classes * width);
        this.unitClasses = new double[classes * width];
        this.classNorms = new double[classes];
        this.classGradSums = new double[classes * width];
        this.upstream = new double[width];
    }

    /**
     * Mean loss of {@code m} rows of {@code u} against {@code labels[labelOffset ..]}; keeps the scores
     * ({@link #score}) and the argmax hits ({@link #correct()}).
     */
    double forward(A u, A e, int[] labels, int labelOffset, int m) {
        if (unitRows.length < m * width) {
            unitRows = new double[m * width];
            rowNorms = new double[m];
            scores = new double[m * classes];
        }
        for (int k = 0; k < classes; k++) {
            classNorms[k] = normalise(e, k * width, unitClasses);
        }
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < m; i++) {
            rowNorms[i] = normalise(u, i * width, unitRows);
            int best = 0;
            for (int k = 0; k < classes; k++) {
                double s = 0;
                for (int j = 0; j < width; j++) {
                    s += unitRows[i * width + j] * unitClasses[k * width + j];
                }
                scores[i * classes + k] = s;
                if (s > scores[i * classes + best]) {
                    best = k;
                }
            }
            int label = labels[labelOffset + i];
            lossSum += 1 - scores[i * classes + label];
            if (best == label) {
                correct++;
            }
        }
        lastLabels = labels;
        lastLabelOffset = labelOffset;
        lastCorrect = correct;
        return lossSum / m;
    }

    /** Writes {@code v[from .. from + width) / max(norm, eps)} into {@code unit} at {@code from}; returns the raw norm. */
    private double normalise(A v, int from, double[] unit) {
        double squares = 0;
        for (int j = 0; j < width; j++) {
            double x = kernels.get(v, from + j);
            squares += x * x;
        }
        double norm = Math.sqrt(squares);
        double divisor = Math.max(norm, NORM_EPSILON);
        for (int j = 0; j < width; j++) {
            unit[from + j] = kernels.get(v, from + j) / divisor;
        }
        return norm;
    }

    /** Samples of the last forward whose most similar class was the label. */
    int correct() {
        return lastCorrect;
    }

    /** {@code cos(u_i, E_k)} of the last forward. */
    double score(int i, int k) {
        return scores[i * classes + k];
    }

    /**
     * Gradients of the last forward's mean loss: returns {@code dL/du} ({@code m x width}, owned by this
     * layer) and leaves {@code dL/dE} in {@link #classGradient()}.
     */
    A backward(int m) {
        A du = embeddingGrad.forRows(m);
        Arrays.fill(classGradSums, 0.0);
        for (int i = 0; i < m; i++) {
            int label = lastLabels[lastLabelOffset + i];
            for (int j = 0; j < width; j++) {
                // dL/dû_i = -ê_y / m and dL/dê_y += -û_i / m
                upstream[j] = -unitClasses[label * width + j] / m;
                classGradSums[label * width + j] -= unitRows[i * width + j] / m;
            }
            throughNormalisation(upstream, 0, unitRows, i * width, rowNorms[i], du);
        }
        for (int k = 0; k < classes; k++) {
            throughNormalisation(classGradSums, k * width, unitClasses, k * width, classNorms[k], classGrad);
        }
        return du;
    }

    /** {@code dL/dE} ({@code classes x width}) of the last {@link #backward}. */
    A classGradient() {
        return classGrad;
    }

    /** Writes {@code dv = (g - v̂ (v̂ · g)) / ||v||} (or {@code g / eps} below eps) into {@code out} at {@code at}. */
    private void throughNormalisation(double[] g, int gFrom, double[] unit, int at, double norm, A out) {
        if (norm > NORM_EPSILON) {
            double dot = 0;
            for (int j = 0; j < width; j++) {
                dot += unit[at + j] * g[gFrom + j];
            }
            for (int j = 0; j < width; j++) {
                kernels.set(out, at + j, (g[gFrom + j] - unit[at + j] * dot) / norm);
            }
        } else {
            for (int j = 0; j < width; j++) {
                kernels.set(out, at + j, g[gFrom + j] / NORM_EPSILON);
            }
        }
    }
}
