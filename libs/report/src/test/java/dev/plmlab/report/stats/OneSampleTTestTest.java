package dev.plmlab.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneSampleTTestTest {
    @Test
    void cauchyCaseByHand() {
        // {0, 2}: mean 1, s = √2, s/√n = 1; against popmean 2, t = -1 with df = 1, and the t(1)
        // distribution is Cauchy's, whose CDF at -1 is exactly 1/4
        TTestResult less = OneSampleTTest.less(new double[] {0, 2}, 2);
        assertEquals(-1, less.t(), 1e-15);
        assertEquals(1, less.df());
        assertEquals(0.25, less.p(), 1e-15);
        assertEquals(0.75, OneSampleTTest.greater(new double[] {0, 2}, 2).p(), 1e-15);
    }

    @Test
    void lessAndGreaterAreComplementary() {
        double[] seeds = {0.41, 0.43, 0.40};
        TTestResult less = OneSampleTTest.less(seeds, 0.52);
        TTestResult greater = OneSampleTTest.greater(seeds, 0.52);
        assertEquals(less.t(), greater.t());
        assertEquals(1, less.p() + greater.p(), 1e-15);
        assertTrue(less.p() < 0.01, "ablation clearly below: " + less);
    }

    @Test
    void zeroVarianceOffPopmeanIsDecisive() {
        TTestResult below = OneSampleTTest.less(new double[] {0.5, 0.5, 0.5}, 0.52);
        assertEquals(Double.NEGATIVE_INFINITY, below.t());
        assertEquals(2, below.df());
        assertEquals(0.0, below.p());
        assertEquals(1.0, OneSampleTTest.greater(new double[] {0.5, 0.5, 0.5}, 0.52).p());
        TTestResult above = OneSampleTTest.greater(new double[] {0.1, 0.1, 0.1}, 0.05);
        assertEquals(Double.POSITIVE_INFINITY, above.t());
        assertEquals(0.0, above.p());
    }

    @Test
    void undefinedCasesAreNaN() {
        TTestResult atPopmean = OneSampleTTest.less(new double[] {0.5, 0.5}, 0.5);
        assertTrue(Double.isNaN(atPopmean.t()) && Double.isNaN(atPopmean.p()), atPopmean.toString());
        TTestResult single = OneSampleTTest.greater(new double[] {0.4}, 0.5);
        assertTrue(Double.isNaN(single.t()) && Double.isNaN(single.p()), single.toString());
        assertEquals(0, single.df());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> OneSampleTTest.less(new double[0], 0.5));
        assertThrows(IllegalArgumentException.class, () -> OneSampleTTest.less(new double[] {0.4, Double.NaN}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> OneSampleTTest.greater(new double[] {0.4, 0.5}, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> OneSampleTTest.greater(new double[] {0.4, 0.5}, Double.POSITIVE_INFINITY));
    }
}
