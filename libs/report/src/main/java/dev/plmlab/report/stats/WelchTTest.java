package dev.plmlab.report.stats;

/**
 * One-sided two-sample t-test without the equal-variance assumption, for seed results of two
 * models: their seeds are independent runs and one model is often much steadier than the other,
 * which is exactly when Student's pooled test misleads.
 *
 * <p>Same numbers as {@code scipy.stats.ttest_ind(a, b, equal_var=False, alternative=...)}:
 * t = (mean a − mean b) / √(s²a/na + s²b/nb), Welch–Satterthwaite df.
 */
public final class WelchTTest {
    private WelchTTest() {
    }

    /**
     * H1: mean(a) is above mean(b).
     *
     * <p>NaN t, df and p when either sample has n &lt; 2. When both variances are 0 the df is
     * undefined (0/0) and returned as NaN; t and p then follow scipy: ±inf and 0 or 1 when the
     * means differ, NaN when they are equal. (scipy reports a placeholder df of 1 in both
     * situations; the p-values agree.)
     *
     * @throws IllegalArgumentException for an empty sample or a non-finite value
     */
    public static TTestResult greater(double[] a, double[] b) {
        Sample x = Sample.of(a, "a");
        Sample y = Sample.of(b, "b");
        if (x.n() < 2 || y.n() < 2) {
            return new TTestResult(Double.NaN, Double.NaN, Double.NaN);
        }
        double difference = x.mean() - y.mean();
        double vx = x.variance() / x.n();
        double vy = y.variance() / y.n();
        if (vx + vy == 0) {
            double t = difference == 0 ? Double.NaN : Math.copySign(Double.POSITIVE_INFINITY, difference);
            return new TTestResult(t, Double.NaN, StudentT.cdf(Double.NaN, -t));
        }
        double df = (vx + vy) * (vx + vy) / (vx * vx / (x.n() - 1) + vy * vy / (y.n() - 1));
        double t = difference / Math.sqrt(vx + vy);
        return new TTestResult(t, df, StudentT.cdf(df, -t));
    }
}
