package dev.plmlab.report.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Paired bootstrap test of "model A beats model B on this test set": both models are scored on
 * the same resampled test units, so the unit-to-unit variation they share cancels in the
 * difference instead of widening the interval as two separate intervals would.
 *
 * <p>The resampling is deliberately identical to {@code dev.plmlab.science.metrics.Bootstrap}
 * (same {@link SplittableRandom} stream, same NaN rule, same quantile rule): with the same seed,
 * the paired difference is computed on exactly the resamples that gave each model's own metric
 * interval, so the report's intervals and its test are consistent with one another.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {
    }

    /**
     * H1: the difference is positive.
     *
     * <p>{@code difference.applyAsDouble(indices)} computes e.g. metric(model A on those test units)
     * − metric(model B on the same units); {@code indices} holds {@code units} unit indices (with
     * repeats) and is reused between calls, so the function must not keep it. The observed value is
     * the difference on the identity resample 0…units−1. Resample b draws its indices with
     * {@code new SplittableRandom(seed).nextInt(units)} in order; resamples with a NaN difference
     * are dropped. The CI is the (1 − level)/2 and (1 + level)/2 linear quantiles of the kept
     * differences d*, and p = (1 + #{d* ≤ 0}) / (kept + 1), which counts the observed data as one
     * resample so that p is never 0. The observed value may be NaN; it is reported as is.
     *
     * @throws IllegalArgumentException when units &lt; 1, resamples &lt; 2, level is not in (0, 1),
     *     or more than half of the resamples gave NaN (no meaningful interval)
     */
    public static PairedBootstrapResult greaterThanZero(int units, ToDoubleFunction<int[]> difference,
                                                        int resamples, double level, long seed) {
        if (units < 1) {
            throw new IllegalArgumentException("need at least 1 test unit, got " + units);
        }
        if (difference == null) {
            throw new IllegalArgumentException("difference is null");
        }
        if (resamples < 2) {
            throw new IllegalArgumentException("need at least 2 resamples, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
        int[] indices = new int[units];
        Arrays.setAll(indices, i -> i);
        double observed = difference.applyAsDouble(indices);

        SplittableRandom random = new SplittableRandom(seed);
        double[] kept = new double[resamples];
        int n = 0;
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < units; i++) {
                indices[i] = random.nextInt(units);
            }
            double d = difference.applyAsDouble(indices);
            if (!Double.isNaN(d)) {
                kept[n++] = d;
            }
        }
        if (n * 2 < resamples) {
            throw new IllegalArgumentException("the difference was undefined (NaN) on " + (resamples - n)
                    + " of " + resamples + " resamples; no meaningful interval");
        }
        double[] sorted = Arrays.copyOf(kept, n);
        Arrays.sort(sorted);
        int atOrBelowZero = 0;
        while (atOrBelowZero < n && sorted[atOrBelowZero] <= 0) {
            atOrBelowZero++;
        }
        double tail = (1 - level) / 2;
        return new PairedBootstrapResult(observed, Quantile.linear(sorted, tail), Quantile.linear(sorted, 1 - tail),
                (1.0 + atOrBelowZero) / (n + 1), resamples, n);
    }
}
