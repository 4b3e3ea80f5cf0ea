package dev.plmlab.report.stats;

/**
 * Size, mean and ddof = 1 variance of a validated sample: the one place the t-tests and the seed
 * summary get their moments from, so that they cannot disagree.
 *
 * <p>A sample whose values are all equal gets its first value as mean and a variance of exactly
 * 0. Summing first would not: three copies of 0.1 sum to 0.30000000000000004, and numpy then
 * reports a variance of 3e-34 and scipy a t of -4e16 where the exact answer is -inf. The p-values
 * agree either way (3e-34 against 0).
 */
record Sample(int n, double mean, double variance) {

    /** Variance is NaN when n < 2, as numpy's {@code var(ddof=1)} is. */
    static Sample of(double[] values, String name) {
        if (values == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
        boolean constant = true;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + values[i]);
            }
            constant &= values[i] == values[0];
        }
        int n = values.length;
        if (constant) {
            return new Sample(n, values[0], n < 2 ? Double.NaN : 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Sample(n, mean, squares / (n - 1));
    }
}
