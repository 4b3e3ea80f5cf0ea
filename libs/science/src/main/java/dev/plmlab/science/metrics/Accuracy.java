package dev.plmlab.science.metrics;

/** Classification accuracy. */
public final class Accuracy {
    private Accuracy() {
    }

    /** Fraction of positions where the predicted class equals the true class. */
    public static double of(int[] yTrue, int[] yPred) {
        Checks.samePositiveLength(yTrue.length, yPred.length);
        int correct = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (yTrue[i] == yPred[i]) {
                correct++;
            }
        }
        return (double) correct / yTrue.length;
    }
}
