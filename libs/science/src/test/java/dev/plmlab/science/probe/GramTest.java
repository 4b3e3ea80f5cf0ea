package dev.plmlab.science.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GramTest {
    @Test
    void simdKernelsAreInUseInTheBuild() {
        // libs/science/pom.xml gives surefire --add-modules jdk.incubator.vector
        assertTrue(Simd.ENABLED, "the build's tests should run the SIMD kernels");
    }

    @ParameterizedTest
    @CsvSource({
        "1, 5, false",
        "4, 4, false",
        "9, 13, false",     // edge blocks in both directions
        "13, 2500, false",  // length spans several chunks
        "4, 4, true",
        "9, 13, true",      // length not a multiple of the vector width
        "13, 2500, true",
    })
    void matchesNaiveDotProducts(int count, int length, boolean simd) {
        assumeTrue(!simd || Simd.MODULE_PRESENT, "SIMD kernel needs --add-modules jdk.incubator.vector");
        Random random = new Random(count * 31L + length);
        double[] rows = new double[count * length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextGaussian();
        }
        double[] g = Gram.ofRows(rows, count, length, simd);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                double expected = 0;
                for (int k = 0; k < length; k++) {
                    expected += rows[i * length + k] * rows[j * length + k];
                }
                assertEquals(expected, g[i * count + j], 1e-9 * Math.max(1, Math.abs(expected)), "G[" + i + "][" + j + "]");
            }
        }
    }
}
