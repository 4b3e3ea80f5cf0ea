package dev.plmlab.report.stats;

/**
 * Observed statistic on the unresampled data, percentile CI of the resampled statistic, one-sided
 * p.
 *
 * <p>{@code resamples} and {@code kept} travel with the numbers because a p-value's resolution is
 * 1 / (kept + 1): a p of 0.000999 from 1000 resamples means "never at or below 0", not "about
 * 0.001", and a report has to be able to say so. {@code kept} is lower than {@code resamples} when
 * the statistic was undefined (NaN) on some resamples.
 */
public record PairedBootstrapResult(double observed, double ciLow, double ciHigh, double p, int resamples, int kept) {
}
