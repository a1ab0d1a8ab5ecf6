package dev.gradstream.scratch;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked single-precision matrix multiply on the Java Vector API:
 * {@code C[m x n] = A[m x k] . B[k x n]} for a range of C's rows.
 *
 * <p>A is read through strides ({@code A(i, p) = a[i * rowStride + p * colStride]}) so that a transposed
 * operand costs nothing; B and C are row-major with {@code n} columns. The inner kernel holds a 4-row by
 * 4-vector block of C in registers and streams B once per block. Columns that do not fill a whole vector
 * are multiplied through a zero-padded copy of B's last columns, so every column runs the same vector code.
 *
 * <p>Each element of C is {@code fma(a[k-1], b[k-1], ... fma(a[0], b[0], 0))} in this exact order whatever
 * the blocking or the row range, so splitting rows between threads never changes a bit of the result.
 */
final class FloatGemm {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final int ROWS = 4;

    /** Per-thread zero-padded panels for the last, partial vector of columns: [B panel, C panel]. */
    private static final ThreadLocal<float[][]> PANELS = ThreadLocal.withInitial(() -> new float[2][0]);

    private FloatGemm() {
    }

    /** Columns per panel: the width of one 4 x 4-vector register block. */
    static final int PANEL = ROWS * L;

    /** Computes rows {@code [rowFrom, rowTo)} of {@code c}. */
    static void multiply(float[] a, int rowStride, int colStride, float[] b, float[] c,
                         int rowFrom, int rowTo, int k, int n) {
        multiply(a, rowStride, colStride, b, c, rowFrom, rowTo, k, n, 0, panels(n));
    }

    /** Panels of {@link #PANEL} columns in a row of {@code n} (the last may be narrower). */
    static int panels(int n) {
        return (n + PANEL - 1) / PANEL;
    }

    /**
     * Computes rows {@code [rowFrom, rowTo)} of {@code c} in the column panels {@code [panelFrom, panelTo)}:
     * columns {@code [panelFrom * PANEL, min(n, panelTo * PANEL))}. Splitting by panels lets each thread
     * keep its own part of a large B in its cache while it sweeps every row of a small A.
     */
    static void multiply(float[] a, int rowStride, int colStride, float[] b, float[] c,
                         int rowFrom, int rowTo, int k, int n, int panelFrom, int panelTo) {
        int full = n - n % L;
        int end = Math.min(n, panelTo * PANEL);
        int fullEnd = Math.min(full, end);
        int j = panelFrom * PANEL;
        for (; j + PANEL <= fullEnd; j += PANEL) {
            rowsTimesFourVectors(a, rowStride, colStride, b, j, n, c, j, n, rowFrom, rowTo, k);
        }
        for (; j + 2 * L <= fullEnd; j += 2 * L) {
            rowsTimesTwoVectors(a, rowStride, colStride, b, j, n, c, j, n, rowFrom, rowTo, k);
        }
        for (; j < fullEnd; j += L) {
            rowsTimesOneVector(a, 0, rowStride, colStride, b, j, n, c, j, n, rowFrom, rowTo, k);
        }
        if (full < end) {
            partialColumns(a, rowStride, colStride, b, c, rowFrom, rowTo, k, n, full);
        }
    }

    private static void partialColumns(float[] a, int rowStride, int colStride, float[] b, float[] c,
                                       int rowFrom, int rowTo, int k, int n, int first) {
        int width = n - first;
        int rows = rowTo - rowFrom;
        float[][] panels = PANELS.get();
        if (panels[0].length < k * L) {
            panels[0] = new float[k * L];
        }
        if (panels[1].length < rows * L) {
            panels[1] = new float[rows * L];
        }
        float[] bp = panels[0];
        float[] cp = panels[1];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, p * n + first, bp, p * L, width);
            java.util.Arrays.fill(bp, p * L + width, p * L + L, 0f);
        }
        // The panel's row r holds C's row rowFrom + r; shift A so that row indices line up.
        rowsTimesOneVector(a, rowFrom * rowStride, rowStride, colStride, bp, 0, L, cp, 0, L, 0, rows, k);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(cp, r * L, c, (rowFrom + r) * n + first, width);
        }
    }

    private static void rowsTimesFourVectors(float[] a, int rowStride, int colStride, float[] b, int b0, int ldb,
                                             float[] c, int c0, int ldc, int rowFrom, int rowTo, int k) {
        int i = rowFrom;
        for (; i + ROWS <= rowTo; i += ROWS) {
            block4x4(a, i * rowStride, rowStride, colStride, b, b0, ldb, c, c0 + i * ldc, ldc, k);
        }
        for (; i < rowTo; i++) {
            for (int v = 0; v < ROWS; v++) {
                block1x1(a, i * rowStride, colStride, b, b0 + v * L, ldb, c, c0 + i * ldc + v * L, k);
            }
        }
    }

    /**
     * Rows {@code [rowFrom, rowTo)} of two vectors of columns, 8 rows at a time: as many accumulators as the
     * 4 x 4 block, for results of 2 or 3 vectors' width (an input gradient's transposed product at 32 rows).
     */
    private static void rowsTimesTwoVectors(float[] a, int rowStride, int colStride, float[] b, int b0, int ldb,
                                            float[] c, int c0, int ldc, int rowFrom, int rowTo, int k) {
        int i = rowFrom;
        for (; i + 2 * ROWS <= rowTo; i += 2 * ROWS) {
            block8x2(a, i * rowStride, rowStride, colStride, b, b0, ldb, c, c0 + i * ldc, ldc, k);
        }
        for (int v = 0; v < 2; v++) {
            rowsTimesOneVector(a, 0, rowStride, colStride, b, b0 + v * L, ldb, c, c0 + v * L, ldc, i, rowTo, k);
        }
    }

    /** Rows {@code [rowFrom, rowTo)} of one vector of columns; A's row i starts at {@code a0 + i * rowStride}. */
    private static void rowsTimesOneVector(float[] a, int a0, int rowStride, int colStride, float[] b, int b0, int ldb,
                                           float[] c, int c0, int ldc, int rowFrom, int rowTo, int k) {
        int i = rowFrom;
        for (; i + ROWS <= rowTo; i += ROWS) {
            block4x1(a, a0 + i * rowStride, rowStride, colStride, b, b0, ldb, c, c0 + i * ldc, ldc, k);
        }
        for (; i < rowTo; i++) {
            block1x1(a, a0 + i * rowStride, colStride, b, b0, ldb, c, c0 + i * ldc, k);
        }
    }

    private static void block4x4(float[] a, int a0, int rs, int cs, float[] b, int b0, int ldb,
                                 float[] c, int c0, int ldc, int k) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            FloatVector b0v = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1v = FloatVector.fromArray(SPECIES, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(SPECIES, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(SPECIES, b, bp + 3 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + ap]);
            c00 = x.fma(b0v, c00);
            c01 = x.fma(b1v, c01);
            c02 = x.fma(b2v, c02);
            c03 = x.fma(b3v, c03);
            x = FloatVector.broadcast(SPECIES, a[a1 + ap]);
            c10 = x.fma(b0v, c10);
            c11 = x.fma(b1v, c11);
            c12 = x.fma(b2v, c12);
            c13 = x.fma(b3v, c13);
            x = FloatVector.broadcast(SPECIES, a[a2 + ap]);
            c20 = x.fma(b0v, c20);
            c21 = x.fma(b1v, c21);
            c22 = x.fma(b2v, c22);
            c23 = x.fma(b3v, c23);
            x = FloatVector.broadcast(SPECIES, a[a3 + ap]);
            c30 = x.fma(b0v, c30);
            c31 = x.fma(b1v, c31);
            c32 = x.fma(b2v, c32);
            c33 = x.fma(b3v, c33);
        }
        store4(c, c0, c00, c01, c02, c03);
        store4(c, c0 + ldc, c10, c11, c12, c13);
        store4(c, c0 + 2 * ldc, c20, c21, c22, c23);
        store4(c, c0 + 3 * ldc, c30, c31, c32, c33);
    }

    private static void store4(float[] c, int at, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        v0.intoArray(c, at);
        v1.intoArray(c, at + L);
        v2.intoArray(c, at + 2 * L);
        v3.intoArray(c, at + 3 * L);
    }

    private static void block8x2(float[] a, int a0, int rs, int cs, float[] b, int b0, int ldb,
                                 float[] c, int c0, int ldc, int k) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs, a6 = a5 + rs, a7 = a6 + rs;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            FloatVector b0v = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1v = FloatVector.fromArray(SPECIES, b, bp + L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + ap]);
            c00 = x.fma(b0v, c00);
            c01 = x.fma(b1v, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + ap]);
            c10 = x.fma(b0v, c10);
            c11 = x.fma(b1v, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + ap]);
            c20 = x.fma(b0v, c20);
            c21 = x.fma(b1v, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + ap]);
            c30 = x.fma(b0v, c30);
            c31 = x.fma(b1v, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + ap]);
            c40 = x.fma(b0v, c40);
            c41 = x.fma(b1v, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + ap]);
            c50 = x.fma(b0v, c50);
            c51 = x.fma(b1v, c51);
            x = FloatVector.broadcast(SPECIES, a[a6 + ap]);
            c60 = x.fma(b0v, c60);
            c61 = x.fma(b1v, c61);
            x = FloatVector.broadcast(SPECIES, a[a7 + ap]);
            c70 = x.fma(b0v, c70);
            c71 = x.fma(b1v, c71);
        }
        store2(c, c0, c00, c01);
        store2(c, c0 + ldc, c10, c11);
        store2(c, c0 + 2 * ldc, c20, c21);
        store2(c, c0 + 3 * ldc, c30, c31);
        store2(c, c0 + 4 * ldc, c40, c41);
        store2(c, c0 + 5 * ldc, c50, c51);
        store2(c, c0 + 6 * ldc, c60, c61);
        store2(c, c0 + 7 * ldc, c70, c71);
    }

    private static void store2(float[] c, int at, FloatVector v0, FloatVector v1) {
        v0.intoArray(c, at);
        v1.intoArray(c, at + L);
    }

    private static void block4x1(float[] a, int a0, int rs, int cs, float[] b, int b0, int ldb,
                                 float[] c, int c0, int ldc, int k) {
        FloatVector c0v = FloatVector.zero(SPECIES), c1v = c0v, c2v = c0v, c3v = c0v;
        int a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            FloatVector bv = FloatVector.fromArray(SPECIES, b, bp);
            c0v = FloatVector.broadcast(SPECIES, a[a0 + ap]).fma(bv, c0v);
            c1v = FloatVector.broadcast(SPECIES, a[a1 + ap]).fma(bv, c1v);
            c2v = FloatVector.broadcast(SPECIES, a[a2 + ap]).fma(bv, c2v);
            c3v = FloatVector.broadcast(SPECIES, a[a3 + ap]).fma(bv, c3v);
        }
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
    }

    private static void block1x1(float[] a, int a0, int cs, float[] b, int b0, int ldb, float[] c, int c0, int k) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int p = 0, ap = a0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
            acc = FloatVector.broadcast(SPECIES, a[ap]).fma(FloatVector.fromArray(SPECIES, b, bp), acc);
        }
        acc.intoArray(c, c0);
    }
}
