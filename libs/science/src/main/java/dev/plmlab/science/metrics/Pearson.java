package dev.plmlab.science.metrics;

/** Pearson's correlation coefficient. */
public final class Pearson {
    private Pearson() {
    }

    /**
     * Pearson's r of two equally long samples. NaN when either sample is constant (r is
     * undefined there; scipy returns NaN too) so that callers cannot mistake it for 0.
     */
    public static double r(double[] a, double[] b) {
        Checks.samePositiveLength(a.length, b.length);
        Checks.finite(a, "a");
        Checks.finite(b, "b");
        int n = a.length;
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= n;
        meanB /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - meanA;
            double db = b[i] - meanB;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa == 0 || sbb == 0) {
            return Double.NaN;
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
