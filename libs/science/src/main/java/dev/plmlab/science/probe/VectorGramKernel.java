package dev.plmlab.science.probe;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD version of {@link Gram}'s 4 × 4 block kernel, using the JDK's incubating Vector API:
 * each of the 16 dot products keeps a vector of partial sums (8 doubles on AVX-512), reduced
 * once per block and chunk. Measured about 2.5× faster than the scalar kernel on 8000 × 1280.
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector} (see
 * {@link Simd#ENABLED}); nothing else in the library depends on it.
 */
final class VectorGramKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorGramKernel() {
    }

    /** Same contract as the scalar full-block kernel: adds the chunk [from, to) of 16 dot products to G. */
    static void addFullBlock(double[] x, int count, int length, double[] g, int i0, int j0, int from, int to) {
        int a0 = i0 * length;
        int a1 = a0 + length;
        int a2 = a1 + length;
        int a3 = a2 + length;
        int b0 = j0 * length;
        int b1 = b0 + length;
        int b2 = b1 + length;
        int b3 = b2 + length;
        DoubleVector s00 = DoubleVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00;
        DoubleVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        DoubleVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int k = from;
        int vectorEnd = from + SPECIES.loopBound(to - from);
        for (; k < vectorEnd; k += SPECIES.length()) {
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, x, a0 + k);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, x, a1 + k);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, x, a2 + k);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, x, a3 + k);
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, x, b0 + k);
            DoubleVector y1 = DoubleVector.fromArray(SPECIES, x, b1 + k);
            DoubleVector y2 = DoubleVector.fromArray(SPECIES, x, b2 + k);
            DoubleVector y3 = DoubleVector.fromArray(SPECIES, x, b3 + k);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
            s10 = x1.fma(y0, s10);
            s11 = x1.fma(y1, s11);
            s12 = x1.fma(y2, s12);
            s13 = x1.fma(y3, s13);
            s20 = x2.fma(y0, s20);
            s21 = x2.fma(y1, s21);
            s22 = x2.fma(y2, s22);
            s23 = x2.fma(y3, s23);
            s30 = x3.fma(y0, s30);
            s31 = x3.fma(y1, s31);
            s32 = x3.fma(y2, s32);
            s33 = x3.fma(y3, s33);
        }
        // reduced one by one: putting the vectors in an array would make C2 box them
        addReduced(x, count, length, g, i0, j0, 0, 0, s00, k, to);
        addReduced(x, count, length, g, i0, j0, 0, 1, s01, k, to);
        addReduced(x, count, length, g, i0, j0, 0, 2, s02, k, to);
        addReduced(x, count, length, g, i0, j0, 0, 3, s03, k, to);
        addReduced(x, count, length, g, i0, j0, 1, 0, s10, k, to);
        addReduced(x, count, length, g, i0, j0, 1, 1, s11, k, to);
        addReduced(x, count, length, g, i0, j0, 1, 2, s12, k, to);
        addReduced(x, count, length, g, i0, j0, 1, 3, s13, k, to);
        addReduced(x, count, length, g, i0, j0, 2, 0, s20, k, to);
        addReduced(x, count, length, g, i0, j0, 2, 1, s21, k, to);
        addReduced(x, count, length, g, i0, j0, 2, 2, s22, k, to);
        addReduced(x, count, length, g, i0, j0, 2, 3, s23, k, to);
        addReduced(x, count, length, g, i0, j0, 3, 0, s30, k, to);
        addReduced(x, count, length, g, i0, j0, 3, 1, s31, k, to);
        addReduced(x, count, length, g, i0, j0, 3, 2, s32, k, to);
        addReduced(x, count, length, g, i0, j0, 3, 3, s33, k, to);
    }

    /** G[i0+r][j0+c] += lanes of {@code sum} + the scalar tail [tail, to) of that dot product. */
    private static void addReduced(double[] x, int count, int length, double[] g, int i0, int j0, int r, int c,
                                   DoubleVector sum, int tail, int to) {
        double s = sum.reduceLanes(VectorOperators.ADD);
        int rowA = (i0 + r) * length;
        int rowB = (j0 + c) * length;
        for (int t = tail; t < to; t++) {
            s = Math.fma(x[rowA + t], x[rowB + t], s);
        }
        g[(i0 + r) * count + j0 + c] += s;
    }
}
