package dev.plmlab.science.metrics;

/**
 * Metrics of a classifier from true labels and class probabilities (one row per example, one
 * column per class, as a softmax head returns them). Labels must lie in 0..classes-1.
 */
public final class ClassProbabilities {
    /** Probabilities are clipped here before the log, as sklearn.metrics.log_loss clips (float64 eps would be 2.2e-16). */
    public static final double LOG_LOSS_CLIP = 1e-15;

    private ClassProbabilities() {
    }

    /** The most probable class of each row; ties go to the lowest class index (numpy.argmax). */
    public static int[] predictedClasses(float[][] probabilities) {
        int[] predicted = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            float[] row = probabilities[i];
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }

    /** Fraction of rows whose most probable class is the true one. */
    public static double accuracy(int[] truth, float[][] probabilities) {
        check(truth, probabilities);
        return Accuracy.of(truth, predictedClasses(probabilities));
    }

    /**
     * Unweighted mean of per-class F1 over the classes that occur in the truth or the
     * predictions (sklearn's f1_score(average="macro") label set); a class with no true positive
     * has F1 0 (sklearn's zero_division default value).
     */
    public static double macroF1(int[] truth, float[][] probabilities) {
        int classes = check(truth, probabilities);
        int[] predicted = predictedClasses(probabilities);
        long[] truePositives = new long[classes];
        long[] actual = new long[classes];
        long[] claimed = new long[classes];
        for (int i = 0; i < truth.length; i++) {
            actual[truth[i]]++;
            claimed[predicted[i]]++;
            if (truth[i] == predicted[i]) {
                truePositives[truth[i]]++;
            }
        }
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            if (actual[c] + claimed[c] == 0) {
                continue;
            }
            counted++;
            // F1 = 2TP / (2TP + FP + FN) = 2TP / (actual + claimed)
            sum += 2.0 * truePositives[c] / (actual[c] + claimed[c]);
        }
        return sum / counted;
    }

    /**
     * One-vs-rest ROC-AUC, averaged without weights over the classes present in the truth.
     * A class absent from the truth has no positives, so its AUC is undefined and it is left out
     * (sklearn's roc_auc_score(multi_class="ovr") refuses such input instead). Each class's AUC is
     * the Mann–Whitney statistic of its probability column, ties counted one half. NaN when only
     * one class is present (no negatives for it).
     */
    public static double rocAucOneVsRest(int[] truth, float[][] probabilities) {
        int classes = check(truth, probabilities);
        long[] positives = new long[classes];
        for (int t : truth) {
            positives[t]++;
        }
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            if (positives[c] == 0) {
                continue;
            }
            if (positives[c] == truth.length) {
                return Double.NaN;
            }
            double[] scores = new double[truth.length];
            for (int i = 0; i < truth.length; i++) {
                scores[i] = probabilities[i][c];
            }
            double[] ranks = Ranks.average(scores);
            double positiveRankSum = 0;
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] == c) {
                    positiveRankSum += ranks[i];
                }
            }
            double p = positives[c];
            double n = truth.length - p;
            sum += (positiveRankSum - p * (p + 1) / 2) / (p * n);
            counted++;
        }
        return sum / counted;
    }

    /**
     * Mean negative log-probability of the true class, each row renormalised to sum 1 and the
     * probability clipped to [{@value #LOG_LOSS_CLIP}, 1] (sklearn.metrics.log_loss).
     */
    public static double crossEntropy(int[] truth, float[][] probabilities) {
        check(truth, probabilities);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double total = 0;
            for (float v : probabilities[i]) {
                total += Math.min(1, Math.max(LOG_LOSS_CLIP, v));
            }
            double p = Math.min(1, Math.max(LOG_LOSS_CLIP, probabilities[i][truth[i]])) / total;
            sum -= Math.log(p);
        }
        return sum / truth.length;
    }

    /** Checks shapes, labels and probabilities; returns the number of classes. */
    private static int check(int[] truth, float[][] probabilities) {
        Checks.samePositiveLength(truth.length, probabilities.length);
        int classes = probabilities[0].length;
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 class columns, got " + classes);
        }
        for (int i = 0; i < truth.length; i++) {
            if (probabilities[i].length != classes) {
                throw new IllegalArgumentException("row " + i + " has " + probabilities[i].length
                        + " probabilities, row 0 has " + classes);
            }
            if (truth[i] < 0 || truth[i] >= classes) {
                throw new IllegalArgumentException("label [" + i + "] = " + truth[i] + " is outside 0.." + (classes - 1));
            }
            for (float v : probabilities[i]) {
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("row " + i + " holds " + v + ", not a probability");
                }
            }
        }
        return classes;
    }
}
