package dev.plmlab.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WelchTTestTest {
    @Test
    void caseByHand() {
        // a = {1, 3}, b = {0, 2}: s² = 2 on both sides, s²/n = 1, t = 1/√2, df = 2² / (1 + 1) = 2;
        // the t(2) CDF is 1/2 + t / (2√(2 + t²)), so p = 1/2 - 1/(2√5)
        TTestResult r = WelchTTest.greater(new double[] {1, 3}, new double[] {0, 2});
        assertEquals(1 / Math.sqrt(2), r.t(), 1e-15);
        assertEquals(2, r.df(), 1e-15);
        assertEquals(0.5 - 1 / (2 * Math.sqrt(5)), r.p(), 1e-15);
    }

    @Test
    void swappingTheSamplesFlipsTheTest() {
        double[] a = {0.61, 0.63, 0.60};
        double[] b = {0.55, 0.52, 0.58, 0.50, 0.54};
        TTestResult ab = WelchTTest.greater(a, b);
        TTestResult ba = WelchTTest.greater(b, a);
        assertEquals(-ab.t(), ba.t(), 1e-15);
        assertEquals(ab.df(), ba.df(), 1e-12);
        assertEquals(1, ab.p() + ba.p(), 1e-15);
    }

    @Test
    void oneConstantSampleLeavesTheOtherSamplesDf() {
        // only b varies, so df = (s²b/nb)² / ((s²b/nb)² / (nb - 1)) = nb - 1
        TTestResult r = WelchTTest.greater(new double[] {0.6, 0.6, 0.6}, new double[] {0.55, 0.52, 0.58, 0.51});
        assertEquals(3, r.df(), 1e-12);
        assertTrue(r.t() > 0 && r.p() < 0.05, r.toString());
    }

    @Test
    void bothConstantMeansDifferAreDecisiveWithUndefinedDf() {
        TTestResult above = WelchTTest.greater(new double[] {0.75, 0.75}, new double[] {0.5, 0.5, 0.5});
        assertEquals(Double.POSITIVE_INFINITY, above.t());
        assertTrue(Double.isNaN(above.df()));
        assertEquals(0.0, above.p());
        assertEquals(1.0, WelchTTest.greater(new double[] {0.25, 0.25}, new double[] {0.5, 0.5}).p());
        TTestResult equal = WelchTTest.greater(new double[] {0.5, 0.5}, new double[] {0.5, 0.5, 0.5});
        assertTrue(Double.isNaN(equal.t()) && Double.isNaN(equal.p()), equal.toString());
    }

    @Test
    void aSingleSeedOnEitherSideIsNaN() {
        TTestResult r = WelchTTest.greater(new double[] {0.6}, new double[] {0.5, 0.52, 0.49});
        assertTrue(Double.isNaN(r.t()) && Double.isNaN(r.df()) && Double.isNaN(r.p()), r.toString());
        assertTrue(Double.isNaN(WelchTTest.greater(new double[] {0.5, 0.52}, new double[] {0.6}).p()));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> WelchTTest.greater(new double[0], new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WelchTTest.greater(new double[] {1, 2}, new double[] {1, Double.NEGATIVE_INFINITY}));
        assertTrue(e.getMessage().startsWith("b[1]"), e.getMessage());
    }
}
