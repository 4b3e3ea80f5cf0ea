package dev.plmlab.model.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Float16NumpyTest {

    /** Inputs and the bit patterns numpy 2.4 gives for {@code np.array(x, '<f4').astype('<f2')}. */
    private static final float[] INPUTS = {1.0f, 65504f, 65520f, 1e-8f, 6e-8f, 5.96e-8f, 2.98e-8f, 2.99e-8f, 0.1f,
        1f / 3, -0.0f, Float.POSITIVE_INFINITY, Float.NaN, 1e-5f, 6.1e-5f, 3.0000001e-8f, 1.00048828125f,
        1.00146484375f, 1.0009765625f * (1 + 0x1p-12f)};
    private static final int[] NUMPY_BITS = {15360, 31743, 31744, 0, 1, 1, 0, 1, 11878, 13653, 32768, 31744, 32256,
        168, 1023, 1, 15360, 15362, 15361};

    @Test
    void roundsLikeNumpy() {
        for (int i = 0; i < INPUTS.length; i++) {
            assertEquals(NUMPY_BITS[i], Float16.fromFloat(INPUTS[i]) & 0xFFFF, "float16 bits of " + INPUTS[i]);
        }
    }

    @Test
    void tiesGoToEven() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: the even one (1) wins
        assertEquals(0x3C00, Float16.fromFloat(1f + 0x1p-11f));
        // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even)
        assertEquals(0x3C02, Float16.fromFloat(1f + 3 * 0x1p-11f));
        // just above halfway rounds up
        assertEquals(0x3C01, Float16.fromFloat(Math.nextUp(1f + 0x1p-11f)));
    }

    @Test
    void overflowAndUnderflow() {
        assertEquals(0x7C00, Float16.fromFloat(1e6f) & 0xFFFF);
        assertEquals(0xFC00, Float16.fromFloat(-1e6f) & 0xFFFF);
        assertEquals(0x0000, Float16.fromFloat(Float.MIN_VALUE) & 0xFFFF);
        assertEquals(0x8000, Float16.fromFloat(-1e-30f) & 0xFFFF);
        // rounding the largest subnormal up gives the smallest normal
        assertEquals(0x0400, Float16.fromFloat(0x1p-14f - 0x1p-26f) & 0xFFFF);
    }

    @Test
    void everyHalfSurvivesTheRoundTrip() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float value = Float16.toFloat((short) bits);
            assertEquals(bits, Float16.fromFloat(value) & 0xFFFF, () -> "half " + Integer.toHexString(value2bits(value)));
        }
    }

    @Test
    void decodesSpecialValues() {
        assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xFC00));
        assertTrue(Float.isNaN(Float16.toFloat((short) 0x7E00)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Float16.toFloat((short) 0x8000)));
    }

    private static int value2bits(float value) {
        return Float.floatToRawIntBits(value);
    }
}
