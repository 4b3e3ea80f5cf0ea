package dev.plmlab.report.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
    /** Per-unit score difference of A over B; the statistic is their mean over the resample. */
    private static ToDoubleFunction<int[]> meanOf(double[] perUnit) {
        return indices -> {
            double sum = 0;
            for (int i : indices) {
                sum += perUnit[i];
            }
            return sum / indices.length;
        };
    }

    @Test
    void observedIsTheStatisticOnAllUnitsOnce() {
        double[] d = {0.1, 0.3, -0.1, 0.5};
        PairedBootstrapResult r = PairedBootstrap.greaterThanZero(4, meanOf(d), 200, 0.95, 1);
        assertEquals(0.2, r.observed(), 1e-15);
        assertTrue(r.ciLow() <= r.ciHigh());
    }

    @Test
    void identicalModelsGiveTheLargestP() {
        PairedBootstrapResult r = PairedBootstrap.greaterThanZero(50, indices -> 0.0, 500, 0.95, 42);
        assertEquals(1.0, r.p());
        assertEquals(0.0, r.ciLow());
        assertEquals(0.0, r.ciHigh());
    }

    @Test
    void aModelBetterOnEveryUnitGetsTheSmallestP() {
        PairedBootstrapResult r = PairedBootstrap.greaterThanZero(30, indices -> 0.01, 999, 0.9, 5);
        assertEquals(1.0 / 1000, r.p(), 1e-15);
        assertEquals(999, r.kept());
    }

    @Test
    void resamplesAreBootstrapsSplittableRandomStream() {
        int units = 7;
        List<int[]> seen = new ArrayList<>();
        PairedBootstrap.greaterThanZero(units, indices -> {
            seen.add(indices.clone());
            return 1;
        }, 3, 0.95, 99);
        SplittableRandom random = new SplittableRandom(99);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, seen.get(0), "observed first");
        for (int b = 1; b <= 3; b++) {
            int[] expected = new int[units];
            for (int i = 0; i < units; i++) {
                expected[i] = random.nextInt(units);
            }
            assertArrayEquals(expected, seen.get(b), "resample " + b);
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOther() {
        double[] d = new SplittableRandom(3).doubles(80, -1, 1.2).toArray();
        PairedBootstrapResult first = PairedBootstrap.greaterThanZero(80, meanOf(d), 300, 0.95, 42);
        assertEquals(first, PairedBootstrap.greaterThanZero(80, meanOf(d), 300, 0.95, 42));
        assertNotEquals(first, PairedBootstrap.greaterThanZero(80, meanOf(d), 300, 0.95, 43));
    }

    @Test
    void nanResamplesAreDroppedUpToHalf() {
        // units 0 and 1 only: the statistic is NaN on resamples that miss unit 0 (a quarter of them)
        ToDoubleFunction<int[]> needsUnitZero = indices -> {
            for (int i : indices) {
                if (i == 0) {
                    return 1;
                }
            }
            return Double.NaN;
        };
        PairedBootstrapResult r = PairedBootstrap.greaterThanZero(2, needsUnitZero, 400, 0.95, 42);
        assertTrue(r.kept() > 250 && r.kept() < 350, "kept " + r.kept());
        assertEquals(400, r.resamples());
        assertEquals(1.0 / (r.kept() + 1), r.p(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedBootstrap.greaterThanZero(10, indices -> Double.NaN, 100, 0.95, 42));
        assertTrue(e.getMessage().contains("100 of 100"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        ToDoubleFunction<int[]> zero = indices -> 0;
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.greaterThanZero(0, zero, 100, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.greaterThanZero(5, zero, 1, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.greaterThanZero(5, zero, 100, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.greaterThanZero(5, zero, 100, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.greaterThanZero(5, zero, 100, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.greaterThanZero(5, null, 100, 0.95, 1));
    }
}
