package dev.plmlab.model.numeric;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Float16Test {

    /** Independent decoder: value = (-1)^s * 2^(e-15) * (1 + m/1024), or 2^-14 * m/1024 if e == 0. */
    private static double decode(int half) {
        int sign = (half >> 15) & 1;
        int exponent = (half >> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        double magnitude = exponent == 0 ? Math.scalb(mantissa / 1024.0, -14)
                : exponent == 0x1f ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
        return sign == 1 ? -magnitude : magnitude;
    }

    @Test
    void everyHalfValueRoundTrips() {
        for (int h = 0; h < 0x10000; h++) {
            double v = decode(h);
            if (!Double.isNaN(v)) {
                assertEquals(h, Float16.fromFloat((float) v) & 0xffff, "half 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void midpointsRoundToEvenAndOverflowToInfinity() {
        for (int h = 0; h < 0x7bff; h++) { // positive finite halves and their upper neighbour
            float midpoint = (float) ((decode(h) + decode(h + 1)) / 2);
            int even = (h & 1) == 0 ? h : h + 1;
            assertEquals(even, Float16.fromFloat(midpoint), "midpoint above 0x" + Integer.toHexString(h));
        }
        assertEquals(0x7c00, Float16.fromFloat(65520f)); // halfway past the largest half, 65504
        assertEquals(0x7bff, Float16.fromFloat(65519f));
        assertEquals(0, Float16.fromFloat(1e-9f));
        assertEquals((short) 0x8000, Float16.fromFloat(-1e-9f));
    }

    @Test
    void everyHalfDecodesExactly() {
        for (int h = 0; h < 0x10000; h++) {
            double v = decode(h);
            float f = Float16.toFloat((short) h);
            if (Double.isNaN(v)) {
                assertEquals(true, Float.isNaN(f), "half 0x" + Integer.toHexString(h));
            } else {
                assertEquals(v, f, 0.0, "half 0x" + Integer.toHexString(h));
                assertEquals(Double.doubleToRawLongBits(v) < 0, Float.floatToRawIntBits(f) < 0, "sign of 0x" + Integer.toHexString(h));
            }
        }
    }
}
