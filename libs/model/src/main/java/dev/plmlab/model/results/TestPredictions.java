package dev.plmlab.model.results;

import java.util.Arrays;

/**
 * What one probe got on each test unit, stored beside its outcome, so that two models scored on the same
 * test set can be compared on the same resamples of it (a paired bootstrap). A unit is an example of a
 * sequence-level task and a protein of a per-residue task.
 *
 * @param metric    the headline metric these values determine: {@code spearman} (regression) or
 *                  {@code accuracy} (classification, per-residue classification)
 * @param truth     regression: the true target of each unit; null otherwise
 * @param predicted regression: the prediction for each unit; null otherwise
 * @param correct   classification: how many of the unit's scored residues (1 for an example) were right
 * @param scored    classification: how many of the unit's residues were scored (1 for an example)
 */
public record TestPredictions(String metric, double[] truth, double[] predicted, int[] correct, int[] scored) {

    public static final String SPEARMAN = "spearman";
    public static final String ACCURACY = "accuracy";

    public TestPredictions {
        if (SPEARMAN.equals(metric)) {
            if (truth == null || predicted == null || truth.length != predicted.length || truth.length == 0) {
                throw new IllegalArgumentException("regression predictions need equally long, non-empty truth and predicted");
            }
        } else if (ACCURACY.equals(metric)) {
            if (correct == null || scored == null || correct.length != scored.length || correct.length == 0) {
                throw new IllegalArgumentException("classification predictions need equally long, non-empty correct and scored");
            }
            for (int u = 0; u < correct.length; u++) {
                if (scored[u] < 0 || correct[u] < 0 || correct[u] > scored[u]) {
                    throw new IllegalArgumentException("unit " + u + ": " + correct[u] + " correct of " + scored[u] + " scored");
                }
            }
        } else {
            throw new IllegalArgumentException("test predictions are kept for spearman or accuracy, not '" + metric + "'");
        }
    }

    public static TestPredictions regression(double[] truth, double[] predicted) {
        return new TestPredictions(SPEARMAN, truth, predicted, null, null);
    }

    /** One unit per example: 1 correct of 1 scored, or 0 of 1. */
    public static TestPredictions classification(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels for " + predicted.length + " predictions");
        }
        int[] correct = new int[truth.length];
        for (int i = 0; i < truth.length; i++) {
            correct[i] = truth[i] == predicted[i] ? 1 : 0;
        }
        int[] scored = new int[truth.length];
        Arrays.fill(scored, 1);
        return new TestPredictions(ACCURACY, null, null, correct, scored);
    }

    /** Per-residue tasks: a unit is a protein, with its counts of correct and scored residues. */
    public static TestPredictions pooled(int[] correct, int[] scored) {
        return new TestPredictions(ACCURACY, null, null, correct, scored);
    }

    public int units() {
        return truth != null ? truth.length : correct.length;
    }
}
