package dev.plmlab.science.metrics;

/** A two-sided interval [low, high] for a metric, with the confidence level it was built for. */
public record ConfidenceInterval(double low, double high, double level) {
    public ConfidenceInterval {
        if (!(low <= high)) {
            throw new IllegalArgumentException("interval low " + low + " is above high " + high);
        }
    }
}
