package dev.plmlab.science.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    @Test
    void quantileFollowsNumpyLinearRule() {
        // np.quantile([0.3, 0.1, 0.7, 0.2, 0.9], [0.025, 0.975]) == [0.11, 0.88]
        double[] sorted = {0.1, 0.2, 0.3, 0.7, 0.9};
        assertEquals(0.11, Bootstrap.quantile(sorted, 0.025), 1e-12);
        assertEquals(0.88, Bootstrap.quantile(sorted, 0.975), 1e-12);
    }

    @Test
    void intervalOfAMeanHasTheTextbookWidth() {
        // mean of 400 standard normals: standard error 1/20, so a 95 % interval is about ±1.96/20
        Random random = new Random(7);
        double[] values = new double[400];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        ConfidenceInterval ci = new Bootstrap().interval(values.length, indices -> {
            double sum = 0;
            for (int i : indices) {
                sum += values[i];
            }
            return sum / indices.length;
        });
        double width = ci.high() - ci.low();
        assertTrue(width > 0.17 && width < 0.23, "width " + width);
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        assertTrue(ci.low() < mean && mean < ci.high());
        assertEquals(0.95, ci.level());
    }

    @Test
    void sameSeedSameIntervalOtherSeedOtherInterval() {
        Random random = new Random(3);
        double[] t = new double[200];
        double[] p = new double[200];
        for (int i = 0; i < t.length; i++) {
            t[i] = random.nextGaussian();
            p[i] = t[i] + random.nextGaussian();
        }
        ConfidenceInterval first = new Bootstrap().interval(t, p, Spearman::rho);
        ConfidenceInterval again = new Bootstrap().interval(t, p, Spearman::rho);
        ConfidenceInterval other = new Bootstrap(1000, 0.95, 43).interval(t, p, Spearman::rho);
        assertEquals(first, again);
        assertNotEquals(first, other);
        double rho = Spearman.rho(t, p);
        assertTrue(first.low() < rho && rho < first.high(), first + " vs " + rho);
    }

    @Test
    void accuracyIntervalOfPerfectPredictionsIsOne() {
        int[] labels = {0, 1, 2, 1, 0, 2};
        ConfidenceInterval ci = new Bootstrap(200, 0.9, 1).interval(labels, labels, Accuracy::of);
        assertEquals(1.0, ci.low());
        assertEquals(1.0, ci.high());
    }

    @Test
    void mostlyUndefinedMetricIsRefused() {
        double[] constant = {1, 1, 1, 1};
        assertThrows(IllegalArgumentException.class,
                () -> new Bootstrap().interval(constant, new double[] {1, 2, 3, 4}, Spearman::rho));
    }
}
