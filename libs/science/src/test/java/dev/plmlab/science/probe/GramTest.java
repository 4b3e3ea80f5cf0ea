package dev.plmlab.science.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GramTest {
    @ParameterizedTest
    @CsvSource({
        "1, 5",
        "4, 4",
        "9, 13",     // edge blocks in both directions
        "13, 2500",  // length spans several chunks
    })
    void matchesNaiveDotProducts(int count, int length) {
        Random random = new Random(count * 31L + length);
        double[] rows = new double[count * length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextGaussian();
        }
        double[] g = Gram.ofRows(rows, count, length);
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
