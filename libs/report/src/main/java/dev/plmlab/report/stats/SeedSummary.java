package dev.plmlab.report.stats;

/**
 * Mean and sample std (ddof = 1; NaN when n &lt; 2) of a set of seed results.
 *
 * <p>The sample std, not the population one, because the seeds are a sample of the training
 * randomness; it is what {@code numpy.std(ddof=1)} and pandas' {@code std()} print, so a table
 * can be checked against a notebook. With one seed there is no spread to report, hence NaN
 * rather than a misleading 0.
 */
public record SeedSummary(int n, double mean, double std) {

    /**
     * @throws IllegalArgumentException when {@code values} is empty or holds a NaN or infinity
     */
    public static SeedSummary of(double[] values) {
        Sample s = Sample.of(values, "values");
        return new SeedSummary(s.n(), s.mean(), Math.sqrt(s.variance()));
    }
}
