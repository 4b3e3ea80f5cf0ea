package dev.plmlab.report;

import dev.plmlab.model.results.TestPredictions;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The difference in headline metric between two groups of results (a model's seeds, its ablation's seeds)
 * on a resample of the test units: the mean of each group's metric on the same units. Every result must have
 * been scored on the same test set. A report runs a thousand resamples per test and many tests, so Spearman
 * ranks the resampled truth once per resample for all results, and ranks with primitive sorts (average ranks
 * for ties, as scipy's {@code spearmanr}).
 */
final class ResampledHeadline {

    private ResampledHeadline() {
    }

    /**
     * Differences this close to 0 are rounding (a mean over seeds of equal scores differs from the score in its last
     * bits) and count as 0, so that "no difference" is never read as a win or a loss.
     */
    static final double ROUNDING = 1e-12;

    /** Mean metric of {@code first} minus mean metric of {@code second}; IllegalArgumentException if not one test set. */
    static ToDoubleFunction<int[]> difference(List<TestPredictions> first, List<TestPredictions> second) {
        ToDoubleFunction<int[]> raw = rawDifference(first, second);
        return indices -> {
            double d = raw.applyAsDouble(indices);
            return Math.abs(d) <= ROUNDING ? 0.0 : d;
        };
    }

    private static ToDoubleFunction<int[]> rawDifference(List<TestPredictions> first, List<TestPredictions> second) {
        if (first.isEmpty() || second.isEmpty()) {
            throw new IllegalArgumentException("no predictions to compare");
        }
        TestPredictions reference = first.get(0);
        first.forEach(p -> sameUnits(p, reference));
        second.forEach(p -> sameUnits(p, reference));
        if (TestPredictions.SPEARMAN.equals(reference.metric())) {
            return spearmanDifference(reference.truth(), first, second);
        }
        return indices -> meanAccuracy(first, indices) - meanAccuracy(second, indices);
    }

    private static void sameUnits(TestPredictions p, TestPredictions reference) {
        if (!p.metric().equals(reference.metric()) || p.units() != reference.units()) {
            throw new IllegalArgumentException("predictions of " + p.units() + " " + p.metric() + " units and of "
                    + reference.units() + " " + reference.metric() + " units are not of one test set");
        }
        if (p.truth() != null && !Arrays.equals(p.truth(), reference.truth())) {
            throw new IllegalArgumentException("the two results were scored against different test targets");
        }
        if (p.scored() != null && !Arrays.equals(p.scored(), reference.scored())) {
            throw new IllegalArgumentException("the two results scored different residues of the test proteins");
        }
    }

    private static ToDoubleFunction<int[]> spearmanDifference(double[] truth, List<TestPredictions> first,
                                                              List<TestPredictions> second) {
        double[][] a = first.stream().map(TestPredictions::predicted).toArray(double[][]::new);
        double[][] b = second.stream().map(TestPredictions::predicted).toArray(double[][]::new);
        return indices -> {
            Ranked t = Ranked.of(truth, indices);
            return meanRho(t, a, indices) - meanRho(t, b, indices);
        };
    }

    private static double meanRho(Ranked truth, double[][] predictions, int[] indices) {
        double sum = 0;
        for (double[] p : predictions) {
            sum += truth.pearson(Ranked.of(p, indices));
        }
        return sum / predictions.length;
    }

    private static double meanAccuracy(List<TestPredictions> group, int[] indices) {
        double sum = 0;
        for (TestPredictions p : group) {
            long right = 0;
            long total = 0;
            for (int u : indices) {
                right += p.correct()[u];
                total += p.scored()[u];
            }
            sum += total == 0 ? Double.NaN : (double) right / total;
        }
        return sum / group.size();
    }

    /** Average ranks (1-based, ties share their mean rank) of values[indices], centred on their mean. */
    private record Ranked(double[] centred, double sumOfSquares) {

        static Ranked of(double[] values, int[] indices) {
            int n = indices.length;
            double[] picked = new double[n];
            for (int i = 0; i < n; i++) {
                picked[i] = values[indices[i]];
            }
            double[] sorted = picked.clone();
            Arrays.sort(sorted);
            double mean = (n + 1) / 2.0;
            double[] centred = new double[n];
            double squares = 0;
            for (int i = 0; i < n; i++) {
                int below = lowerBound(sorted, picked[i]);
                int upTo = upperBound(sorted, picked[i]);
                double rank = (below + 1 + upTo) / 2.0; // mean of ranks below+1 .. upTo
                centred[i] = rank - mean;
                squares += centred[i] * centred[i];
            }
            return new Ranked(centred, squares);
        }

        /** Pearson correlation of two rank vectors: Spearman's rho; NaN when either is constant. */
        double pearson(Ranked other) {
            double cross = 0;
            for (int i = 0; i < centred.length; i++) {
                cross += centred[i] * other.centred[i];
            }
            double denominator = Math.sqrt(sumOfSquares * other.sumOfSquares);
            return denominator == 0 ? Double.NaN : cross / denominator;
        }

        private static int lowerBound(double[] sorted, double v) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private static int upperBound(double[] sorted, double v) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
