package dev.plmlab.science.probe;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD version of one row of {@link HouseholderTridiagonal}'s symmetric matrix-vector product:
 * in one pass over row i of the upper triangle, returns {@code Σ_{j>i} A[i][j] v[j]} and adds
 * {@code A[i][j] v[i]} to {@code out[j]}. Only loaded when {@link Simd#ENABLED}.
 */
final class VectorSymmetricRowKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorSymmetricRowKernel() {
    }

    static double row(double[] a, int row, int from, int to, double vi, double[] v, double[] out) {
        DoubleVector dot = DoubleVector.zero(SPECIES);
        DoubleVector scale = DoubleVector.broadcast(SPECIES, vi);
        int j = from;
        int vectorEnd = from + SPECIES.loopBound(to - from);
        for (; j < vectorEnd; j += SPECIES.length()) {
            DoubleVector aij = DoubleVector.fromArray(SPECIES, a, row + j);
            dot = aij.fma(DoubleVector.fromArray(SPECIES, v, j), dot);
            aij.fma(scale, DoubleVector.fromArray(SPECIES, out, j)).intoArray(out, j);
        }
        double sum = dot.reduceLanes(VectorOperators.ADD);
        for (; j < to; j++) {
            sum = Math.fma(a[row + j], v[j], sum);
            out[j] += a[row + j] * vi;
        }
        return sum;
    }
}
