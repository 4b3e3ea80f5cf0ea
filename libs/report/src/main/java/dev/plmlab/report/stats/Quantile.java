package dev.plmlab.report.stats;

/**
 * numpy.quantile's default ("linear") rule, so that a bootstrap interval printed here is the one
 * {@code np.quantile(scores, q)} gives for the same resampled scores.
 */
final class Quantile {
    private Quantile() {
    }

    /**
     * The q-quantile of ascending {@code sorted}: interpolated between the order statistics around
     * position q·(n − 1). Like numpy's {@code _lerp}, it interpolates down from the upper neighbour
     * when the fraction is ≥ 0.5, which keeps the last bit identical to numpy's.
     */
    static double linear(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        double a = sorted[below];
        double b = sorted[above];
        double span = b - a;
        return fraction >= 0.5 ? b - span * (1 - fraction) : a + span * fraction;
    }
}
