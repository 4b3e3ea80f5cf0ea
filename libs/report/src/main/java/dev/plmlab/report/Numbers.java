package dev.plmlab.report;

import java.util.Locale;

/** How the report writes numbers: scores to 3 decimals, p-values to 3 significant digits. */
final class Numbers {

    private Numbers() {
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String meanStd(double mean, double std) {
        return Double.isNaN(std) ? f3(mean) : f3(mean) + " ± " + f3(std);
    }

    static String p(double p) {
        if (Double.isNaN(p)) {
            return "–";
        }
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    static String interval(double low, double high) {
        return Double.isNaN(low) ? "" : "[" + f3(low) + ", " + f3(high) + "]";
    }

    static String fraction(double f) {
        return f == Math.rint(f) ? String.format(Locale.ROOT, "%.1f", f) : String.format(Locale.ROOT, "%s", f);
    }
}
