package dev.plmlab.report.stats;

/**
 * One-sided one-sample t-test of seed results against a fixed reference value, e.g. "do the
 * ablation's seeds score below the full model's 0.52?".
 *
 * <p>Same numbers as {@code scipy.stats.ttest_1samp(sample, popmean, alternative=...)}: t =
 * (mean − popmean) / (s / √n), df = n − 1. NaN t and p when n &lt; 2 (no variance to test
 * against) or when every value equals popmean (0/0). A sample with zero variance but a mean off
 * popmean gets t = ±inf and p = 0 or 1, as in scipy: with no seed-to-seed spread at all, any
 * difference is decisive.
 */
public final class OneSampleTTest {
    private OneSampleTTest() {
    }

    /**
     * H1: the mean of {@code sample} is below {@code popmean}.
     *
     * @throws IllegalArgumentException for an empty sample or a non-finite value or popmean
     */
    public static TTestResult less(double[] sample, double popmean) {
        Sample s = of(sample, popmean);
        double t = t(s, popmean);
        return new TTestResult(t, s.n() - 1, StudentT.cdf(s.n() - 1, t));
    }

    /**
     * H1: the mean of {@code sample} is above {@code popmean}.
     *
     * @throws IllegalArgumentException for an empty sample or a non-finite value or popmean
     */
    public static TTestResult greater(double[] sample, double popmean) {
        Sample s = of(sample, popmean);
        double t = t(s, popmean);
        // the lower tail at -t, not 1 - cdf(t), keeps small p-values accurate
        return new TTestResult(t, s.n() - 1, StudentT.cdf(s.n() - 1, -t));
    }

    private static Sample of(double[] sample, double popmean) {
        if (!Double.isFinite(popmean)) {
            throw new IllegalArgumentException("popmean is not finite: " + popmean);
        }
        return Sample.of(sample, "sample");
    }

    private static double t(Sample s, double popmean) {
        if (s.n() < 2) {
            return Double.NaN;
        }
        double difference = s.mean() - popmean;
        if (s.variance() == 0) {
            return difference == 0 ? Double.NaN : Math.copySign(Double.POSITIVE_INFINITY, difference);
        }
        return difference / Math.sqrt(s.variance() / s.n());
    }
}
