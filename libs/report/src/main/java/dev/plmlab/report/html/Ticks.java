package dev.plmlab.report.html;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Tick values a reader can read at a glance (1, 2, 2.5, 5 times a power of ten; decades on a log axis). */
final class Ticks {

    /** A tick: where it is in data units, and how it is written. */
    record Tick(double value, String label) {
    }

    private Ticks() {
    }

    /**
     * About {@code target} evenly spaced nice ticks (the step nearest to an even split), the first at or below
     * {@code lo}, the last at or above {@code hi} ({@code lo < hi}); all written with the step's decimals.
     */
    static List<Tick> linear(double lo, double hi, int target) {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("not a range: " + lo + " .. " + hi);
        }
        double raw = (hi - lo) / Math.max(1, target - 1);
        int exponent = (int) Math.floor(Math.log10(raw));
        double fraction = raw / Math.pow(10, exponent);
        double mantissa;
        if (fraction < 1.5) {
            mantissa = 1;
        } else if (fraction < 2.25) {
            mantissa = 2;
        } else if (fraction < 3.5) {
            mantissa = 2.5;
        } else if (fraction < 7.5) {
            mantissa = 5;
        } else {
            mantissa = 1;
            exponent++;
        }
        BigDecimal step = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent);
        int decimals = Math.max(0, step.stripTrailingZeros().scale());
        double stepValue = step.doubleValue();
        long first = (long) Math.floor(lo / stepValue + 1e-9);
        long last = (long) Math.ceil(hi / stepValue - 1e-9);
        boolean large = Math.max(Math.abs(first), Math.abs(last)) * stepValue >= 1e4;
        List<Tick> ticks = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            BigDecimal value = step.multiply(BigDecimal.valueOf(k));
            String label = large ? compact(value) : plain(value.setScale(decimals, RoundingMode.HALF_UP));
            ticks.add(new Tick(value.doubleValue(), label));
        }
        return ticks;
    }

    /**
     * Ticks for a log axis over {@code lo..hi} (both positive): each power of ten in the range, and 2 and 5 times
     * them where the range spans less than three decades.
     */
    static List<Tick> log(double lo, double hi) {
        if (!(lo > 0) || !(hi >= lo)) {
            throw new IllegalArgumentException("not a positive range: " + lo + " .. " + hi);
        }
        int e0 = (int) Math.floor(Math.log10(lo) + 1e-9);
        int e1 = (int) Math.ceil(Math.log10(hi) - 1e-9);
        int[] mantissas = e1 - e0 < 3 ? new int[] {1, 2, 5} : new int[] {1};
        List<Tick> ticks = new ArrayList<>();
        for (int e = e0; e <= e1; e++) {
            for (int m : mantissas) {
                BigDecimal value = BigDecimal.valueOf(m).scaleByPowerOfTen(e);
                double v = value.doubleValue();
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                    ticks.add(new Tick(v, compact(value)));
                }
            }
        }
        return ticks;
    }

    /** {@code v} to {@code digits} significant digits, without trailing zeros: for tooltips. */
    static String significant(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "∞" : "-∞");
        }
        return plain(new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros());
    }

    /** {@code v} with exactly {@code decimals} decimals ("0.612"), "–" for NaN. */
    static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "–" : (v > 0 ? "∞" : "-∞");
        }
        return plain(new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN));
    }

    /** 1000 as "1k", 3e9 as "3B", 0.01 as "0.01". */
    static String compact(BigDecimal value) {
        String[] suffixes = {"", "k", "M", "B", "T"};
        BigDecimal v = value;
        int i = 0;
        while (i < suffixes.length - 1 && v.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
            v = v.movePointLeft(3);
            i++;
        }
        return plain(v.stripTrailingZeros()) + suffixes[i];
    }

    private static String plain(BigDecimal v) {
        String s = v.toPlainString();
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }
}
