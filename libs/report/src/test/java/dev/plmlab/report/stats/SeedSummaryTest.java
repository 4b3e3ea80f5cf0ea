package dev.plmlab.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedSummaryTest {
    @Test
    void sampleStdUsesNMinusOne() {
        // deviations from 0.41333…: 1/300, 5/300, -4/300; squares sum to 42/90000; / 2 → 7/30000
        SeedSummary s = SeedSummary.of(new double[] {0.41, 0.43, 0.40});
        assertEquals(3, s.n());
        assertEquals(0.4133333333333333, s.mean(), 1e-15);
        assertEquals(Math.sqrt(7.0 / 30000), s.std(), 1e-15);
    }

    @Test
    void oneSeedHasNoStd() {
        SeedSummary s = SeedSummary.of(new double[] {0.7});
        assertEquals(1, s.n());
        assertEquals(0.7, s.mean());
        assertTrue(Double.isNaN(s.std()));
    }

    @Test
    void equalSeedsHaveExactlyZeroStdAndTheirValueAsMean() {
        // a naive sum gives 0.30000000000000004 / 3 and a std of about 1.7e-17
        SeedSummary s = SeedSummary.of(new double[] {0.1, 0.1, 0.1});
        assertEquals(0.1, s.mean());
        assertEquals(0.0, s.std());
    }

    @Test
    void rejectsEmptyAndNonFinite() {
        assertThrows(IllegalArgumentException.class, () -> SeedSummary.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> SeedSummary.of(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(new double[] {0.5, Double.NaN}));
        assertTrue(e.getMessage().contains("values[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeedSummary.of(new double[] {Double.POSITIVE_INFINITY}));
    }
}
