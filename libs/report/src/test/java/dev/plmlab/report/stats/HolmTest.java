package dev.plmlab.report.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HolmTest {
    @Test
    void smallVectorByHand() {
        // ascending: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → kept at 0.06
        double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, adjusted, 1e-15);
    }

    @Test
    void nanStaysNaNAndDoesNotCount() {
        // m = 3, not 4
        double[] adjusted = Holm.adjust(new double[] {0.01, Double.NaN, 0.04, 0.03});
        assertEquals(0.03, adjusted[0], 1e-15);
        assertEquals(Double.NaN, adjusted[1]);
        assertEquals(0.06, adjusted[2], 1e-15);
        assertEquals(0.06, adjusted[3], 1e-15);
    }

    @Test
    void tiesShareTheLargerMultiplier() {
        assertArrayEquals(new double[] {0.08, 0.08, 0.08, 0.5}, Holm.adjust(new double[] {0.02, 0.02, 0.02, 0.5}), 1e-15);
    }

    @Test
    void cappedAtOne() {
        assertArrayEquals(new double[] {0.9, 1, 1}, Holm.adjust(new double[] {0.3, 0.6, 0.9}), 1e-15);
    }

    @Test
    void degenerateFamilies() {
        assertArrayEquals(new double[0], Holm.adjust(new double[0]));
        assertArrayEquals(new double[] {0.04}, Holm.adjust(new double[] {0.04}));
        assertArrayEquals(new double[] {Double.NaN}, Holm.adjust(new double[] {Double.NaN}));
    }

    @Test
    void leavesTheInputAlone() {
        double[] p = {0.02, 0.01};
        Holm.adjust(p);
        assertArrayEquals(new double[] {0.02, 0.01}, p);
    }

    @Test
    void rejectsWhatIsNotAPValue() {
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {0.5, 1.5}));
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {-0.01}));
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(null));
    }
}
