package dev.plmlab.science.neural;

/**
 * torch.optim.lr_scheduler.ReduceLROnPlateau with the reference's settings: mode min, factor
 * 0.1, and PyTorch's defaults otherwise (patience 10, threshold 1e-4 relative, cooldown 0,
 * min_lr 0, eps 1e-8). Tracks a scale on the initial rate.
 */
final class ReduceLrOnPlateau {
    static final double FACTOR = 0.1;
    static final int PATIENCE = 10;
    static final double THRESHOLD = 1e-4;
    static final double EPS = 1e-8;

    private final double initialRate;
    private double rate;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;

    ReduceLrOnPlateau(double initialRate) {
        this.initialRate = initialRate;
        this.rate = initialRate;
    }

    /** Records one epoch's validation loss; may lower the rate. */
    void step(double metric) {
        if (metric < best * (1 - THRESHOLD)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (badEpochs > PATIENCE) {
            double reduced = rate * FACTOR;
            if (rate - reduced > EPS) {
                rate = reduced;
            }
            badEpochs = 0;
        }
    }

    /** Current rate over the initial rate. */
    double scale() {
        return rate / initialRate;
    }
}
