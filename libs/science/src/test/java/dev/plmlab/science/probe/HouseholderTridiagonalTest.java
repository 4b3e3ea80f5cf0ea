package dev.plmlab.science.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HouseholderTridiagonalTest {
    /** Q T Qᵀ e_j must give back column j of A, and Qᵀ Q must be the identity. */
    @ParameterizedTest
    @CsvSource({
        "1, false, false",
        "2, false, false",
        "3, false, false",
        "7, true, false",    // zero rows and columns, as one-hot Gram matrices have (H = I steps)
        "400, false, false", // above the size where steps run in parallel
        "7, true, true",     // SIMD kernel, rows shorter than a vector
        "400, false, true",
    })
    void reconstructsTheMatrix(int size, boolean zeroBands, boolean simd) {
        assumeTrue(!simd || Simd.MODULE_PRESENT, "SIMD kernel needs --add-modules jdk.incubator.vector");
        Random random = new Random(size);
        double[] a = new double[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = i; j < size; j++) {
                double value = (zeroBands && (i % 3 == 1 || j % 3 == 1)) ? 0 : random.nextGaussian();
                a[i * size + j] = value;
                a[j * size + i] = value;
            }
        }
        double[] original = a.clone();
        HouseholderTridiagonal t = new HouseholderTridiagonal(a, size, simd);
        for (int j = 0; j < size; j += Math.max(1, size / 20)) {
            double[] unit = new double[size];
            unit[j] = 1;
            double[] column = t.qTimes(tridiagonalTimes(t, t.transposedQTimes(unit)));
            double[] back = t.qTimes(t.transposedQTimes(unit));
            for (int i = 0; i < size; i++) {
                assertEquals(original[i * size + j], column[i], 1e-10 * size, "A[" + i + "][" + j + "]");
                assertEquals(i == j ? 1 : 0, back[i], 1e-12 * size, "QQᵀ[" + i + "][" + j + "]");
            }
        }
    }

    private static double[] tridiagonalTimes(HouseholderTridiagonal t, double[] x) {
        double[] d = t.diagonal();
        double[] e = t.offDiagonal();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = d[i] * x[i];
            if (i > 0) {
                y[i] += e[i - 1] * x[i - 1];
            }
            if (i + 1 < x.length) {
                y[i] += e[i] * x[i + 1];
            }
        }
        return y;
    }
}
