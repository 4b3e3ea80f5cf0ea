package dev.plmlab.science.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap confidence intervals for any metric of a test set.
 *
 * <p>Each resample draws n items with replacement (the same indices for true and predicted
 * values, so pairs stay together), the metric is computed on it, and the interval is the
 * (1-level)/2 and (1+level)/2 quantiles of the resampled metrics (linear interpolation between
 * order statistics, numpy's default). Resamples whose metric is NaN (e.g. a constant resample
 * for a correlation) are dropped; if more than half are NaN the interval is refused. The
 * random stream is seeded, so the same inputs and seed always give the same interval.
 */
public final class Bootstrap {
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final double DEFAULT_LEVEL = 0.95;
    public static final long DEFAULT_SEED = 42;

    private final int resamples;
    private final double level;
    private final long seed;

    public Bootstrap() {
        this(DEFAULT_RESAMPLES, DEFAULT_LEVEL, DEFAULT_SEED);
    }

    public Bootstrap(int resamples, double level, long seed) {
        if (resamples < 2) {
            throw new IllegalArgumentException("need at least 2 resamples, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
        this.resamples = resamples;
        this.level = level;
        this.seed = seed;
    }

    /** A metric evaluated on one resample, given as indices into the caller's arrays. */
    @FunctionalInterface
    public interface ResampledMetric {
        double score(int[] indices);
    }

    /** Interval for a metric of paired real values, e.g. {@code Spearman::rho}. */
    public ConfidenceInterval interval(double[] yTrue, double[] yPred,
                                       ToDoubleBiFunction<double[], double[]> metric) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException(
                    "true and predicted values differ in length: " + yTrue.length + " vs " + yPred.length);
        }
        double[] t = new double[yTrue.length];
        double[] p = new double[yTrue.length];
        return interval(yTrue.length, indices -> {
            for (int i = 0; i < indices.length; i++) {
                t[i] = yTrue[indices[i]];
                p[i] = yPred[indices[i]];
            }
            return metric.applyAsDouble(t, p);
        });
    }

    /** Interval for a metric of class labels, e.g. {@code Accuracy::of}. */
    public ConfidenceInterval interval(int[] yTrue, int[] yPred, ToDoubleBiFunction<int[], int[]> metric) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException(
                    "true and predicted labels differ in length: " + yTrue.length + " vs " + yPred.length);
        }
        int[] t = new int[yTrue.length];
        int[] p = new int[yTrue.length];
        return interval(yTrue.length, indices -> {
            for (int i = 0; i < indices.length; i++) {
                t[i] = yTrue[indices[i]];
                p[i] = yPred[indices[i]];
            }
            return metric.applyAsDouble(t, p);
        });
    }

    /**
     * Interval for a statistic of resampled units (e.g. proteins of a per-residue task): each
     * resample draws {@code units} unit indices with replacement and hands them to the statistic,
     * which pools whatever the units hold (see {@link PooledUnits#accuracy}). Resampling units,
     * not residues, keeps the residues of one protein together, as they are not independent.
     */
    public ConfidenceInterval overUnits(int units, ToDoubleFunction<int[]> statistic) {
        return interval(units, statistic::applyAsDouble);
    }

    /** Interval for any metric of a set of n items. */
    public ConfidenceInterval interval(int n, ResampledMetric metric) {
        if (n < 1) {
            throw new IllegalArgumentException("cannot bootstrap an empty set");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] indices = new int[n];
        double[] scores = new double[resamples];
        int kept = 0;
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                indices[i] = random.nextInt(n);
            }
            double s = metric.score(indices);
            if (!Double.isNaN(s)) {
                scores[kept++] = s;
            }
        }
        if (kept * 2 < resamples) {
            throw new IllegalArgumentException("the metric was undefined (NaN) on " + (resamples - kept)
                    + " of " + resamples + " resamples; no meaningful interval");
        }
        double[] sorted = Arrays.copyOf(scores, kept);
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        return new ConfidenceInterval(quantile(sorted, tail), quantile(sorted, 1 - tail), level);
    }

    /** numpy.quantile's default ("linear") rule on sorted data. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
