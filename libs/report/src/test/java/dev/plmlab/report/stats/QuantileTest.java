package dev.plmlab.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantileTest {
    @Test
    void followsNumpyLinearRule() {
        // np.quantile([0.1, 0.2, 0.3, 0.7, 0.9], [0, 0.025, 0.5, 0.975, 1]) == [0.1, 0.11, 0.3, 0.88, 0.9]
        double[] sorted = {0.1, 0.2, 0.3, 0.7, 0.9};
        assertEquals(0.1, Quantile.linear(sorted, 0));
        assertEquals(0.11, Quantile.linear(sorted, 0.025), 1e-15);
        assertEquals(0.3, Quantile.linear(sorted, 0.5));
        assertEquals(0.88, Quantile.linear(sorted, 0.975), 1e-15);
        assertEquals(0.9, Quantile.linear(sorted, 1));
    }

    @Test
    void singleValue() {
        assertEquals(4.0, Quantile.linear(new double[] {4.0}, 0.025));
        assertEquals(4.0, Quantile.linear(new double[] {4.0}, 0.975));
    }
}
