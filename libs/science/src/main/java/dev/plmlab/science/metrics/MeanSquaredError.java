package dev.plmlab.science.metrics;

/** Mean squared error. */
public final class MeanSquaredError {
    private MeanSquaredError() {
    }

    /** Mean of (true - predicted)², in the squared units of the targets. */
    public static double of(double[] yTrue, double[] yPred) {
        Checks.samePositiveLength(yTrue.length, yPred.length);
        double sum = 0;
        for (int i = 0; i < yTrue.length; i++) {
            double d = yTrue[i] - yPred[i];
            sum += d * d;
        }
        return sum / yTrue.length;
    }
}
