package dev.plmlab.report.stats;

/**
 * t statistic, degrees of freedom, p-value.
 *
 * <p>Kept together because a p-value without its t and df cannot be checked or reported in the
 * usual "t(df) = …, p = …" form. Any of them may be NaN or infinite; the test that built it says
 * when.
 */
public record TTestResult(double t, double df, double p) {
}
