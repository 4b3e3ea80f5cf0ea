package dev.plmlab.science.metrics;

/** Argument checks shared by the metrics, so that every metric fails the same clear way. */
final class Checks {
    private Checks() {
    }

    static void samePositiveLength(int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(
                    "true and predicted values differ in length: " + expected + " vs " + actual);
        }
        if (expected == 0) {
            throw new IllegalArgumentException("a metric needs at least one value");
        }
    }

    static void finite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is not finite: " + values[i]);
            }
        }
    }
}
