package dev.plmlab.science.metrics;

/** Spearman's rank correlation ρ. */
public final class Spearman {
    private Spearman() {
    }

    /**
     * Spearman's ρ: Pearson's r of the average ranks (ties share the mean of their ranks), as
     * scipy.stats.spearmanr computes it. NaN when either sample is constant.
     */
    public static double rho(double[] a, double[] b) {
        Checks.samePositiveLength(a.length, b.length);
        Checks.finite(a, "a");
        Checks.finite(b, "b");
        return Pearson.r(Ranks.average(a), Ranks.average(b));
    }
}
