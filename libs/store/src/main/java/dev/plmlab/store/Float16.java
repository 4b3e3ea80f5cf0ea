package dev.plmlab.store;

/**
 * IEEE 754 half precision (NumPy's {@code float16}) conversions. Java 17 has no
 * {@code Float.floatToFloat16} (it came in Java 20), so they are done on the bit patterns here,
 * rounding to nearest with ties to even as NumPy's {@code astype('<f2')} does.
 */
public final class Float16 {

    private static final int HALF_INFINITY = 0x7C00;

    private Float16() {
    }

    /** The half-precision bit pattern nearest to {@code value} (ties to even; overflow to infinity). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7F_FFFF;

        if (exponent == 0xFF) {
            if (mantissa == 0) {
                return (short) (sign | HALF_INFINITY);
            }
            // NaN keeps its top payload bits, as NumPy does, but must not turn into infinity
            int payload = mantissa >>> 13;
            return (short) (sign | HALF_INFINITY | (payload == 0 ? 1 : payload));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return (short) (sign | HALF_INFINITY);
        }
        if (halfExponent <= 0) {
            // the result is a half subnormal (or zero): shift the full 24-bit significand into its 10 bits
            int shift = 14 - halfExponent;
            if (shift > 24) {
                return (short) sign; // below half of the smallest subnormal
            }
            int significand = mantissa | 0x80_0000;
            return (short) (sign | roundShiftRight(significand, shift));
        }
        // a carry out of the mantissa correctly bumps the exponent, up to infinity
        int half = (halfExponent << 10) | (mantissa >>> 13);
        int dropped = mantissa & 0x1FFF;
        if (dropped > 0x1000 || (dropped == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    /** The float that a half-precision bit pattern stands for (exact: every half is a float). */
    public static float toFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** {@code value >> shift}, rounded to nearest with ties to even. */
    private static int roundShiftRight(int value, int shift) {
        int kept = value >>> shift;
        int dropped = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (dropped > halfway || (dropped == halfway && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }
}
