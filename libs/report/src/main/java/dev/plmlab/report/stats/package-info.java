/**
 * Statistics for comparing models across seeds and test sets: seed summaries, one-sided t-tests,
 * a paired bootstrap over test units and Holm's correction for a family of comparisons.
 *
 * <p>Every number here is meant to be the number scipy (or statsmodels, for Holm) would print
 * for the same inputs, so that a report can be re-derived in Python; the unit tests check that
 * against fixtures written by {@code libs/report/bench/stats_scipy_fixture.py}. Where scipy
 * returns NaN the classes here do too, and each method's Javadoc says when.
 */
package dev.plmlab.report.stats;
