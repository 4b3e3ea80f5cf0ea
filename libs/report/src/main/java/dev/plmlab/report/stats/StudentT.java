package dev.plmlab.report.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The lower tail of Student's t distribution, i.e. scipy's {@code special.stdtr(df, t)}, which
 * is how scipy turns every t statistic into a p-value.
 *
 * <p>commons-math3 evaluates the CDF through the regularized incomplete beta function with its
 * default relative accuracy of 1e-14; the cross-check against scipy
 * ({@code StatsScipyFixtureTest}) finds p-values equal to within 1e-15. Only the CDF is used,
 * never the inverse, so the inverse-cumulative accuracy passed below does not affect any result;
 * it is set explicitly (tighter than the 1e-9 default) so that a later caller of
 * {@code inverseCumulativeProbability} is not silently given a loose one. No random generator is
 * created: the distribution is never sampled.
 */
final class StudentT {
    private static final double INVERSE_ACCURACY = 1e-12;

    private StudentT() {
    }

    /** P(T ≤ t) for T ~ t(df); 0 and 1 at -inf and +inf whatever df is, NaN for a NaN t. */
    static double cdf(double df, double t) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t < 0 ? 0 : 1;
        }
        return new TDistribution(null, df, INVERSE_ACCURACY).cumulativeProbability(t);
    }
}
