package dev.plmlab.science.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.science.metrics.Pearson;
import dev.plmlab.science.probe.FeatureRows;
import org.junit.jupiter.api.Test;

class NeuralHeadsTest {
    private static final SyntheticRows TRAIN = SyntheticRows.blobs(600, 16, 4, 1.0, 1);
    private static final SyntheticRows VAL = SyntheticRows.blobs(200, 16, 4, 1.0, 2);
    private static final SyntheticRows TEST = SyntheticRows.blobs(400, 16, 4, 1.0, 3);

    /** A higher rate than the protocol's 1e-4, so a few epochs on small data reach a clear fit. */
    private static TrainingSettings fast(int hidden, double dropout, int epochs, boolean keepBest) {
        return new TrainingSettings(hidden, dropout, 1e-2, epochs, 10, 5, 64, keepBest, 0, 1);
    }

    private static double accuracy(float[][] p, int[] truth) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            int best = 0;
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            correct += best == truth[i] ? 1 : 0;
        }
        return (double) correct / truth.length;
    }

    @Test
    void linearClassifierLearnsSeparableBlobsAndGivesProbabilities() {
        ClassifierFit fit = NeuralHeads.fitClassifier(fast(0, 0, 15, true), TRAIN.x, TRAIN.labels, VAL.x, VAL.labels, 4, 7);
        float[][] p = fit.probabilities(TEST.x);
        assertEquals(400, p.length);
        for (float[] row : p) {
            double sum = 0;
            for (float v : row) {
                assertTrue(v >= 0 && v <= 1);
                sum += v;
            }
            assertEquals(1, sum, 1e-5);
        }
        assertTrue(accuracy(p, TEST.labels) > 0.9, "accuracy " + accuracy(p, TEST.labels));
        assertTrue(fit.bestEpoch() >= 1 && fit.bestEpoch() <= fit.epochsRun());
        assertTrue(fit.bestValidationLoss() < Math.log(4));
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherNumbers() {
        TrainingSettings s = fast(8, 0.2, 3, true);
        float[][] a = NeuralHeads.fitClassifier(s, TRAIN.x, TRAIN.labels, VAL.x, VAL.labels, 4, 11).probabilities(TEST.x);
        float[][] b = NeuralHeads.fitClassifier(s, TRAIN.x, TRAIN.labels, VAL.x, VAL.labels, 4, 11).probabilities(TEST.x);
        float[][] c = NeuralHeads.fitClassifier(s, TRAIN.x, TRAIN.labels, VAL.x, VAL.labels, 4, 12).probabilities(TEST.x);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
        }
        assertFalse(java.util.Arrays.equals(a[0], c[0]));
    }

    @Test
    void earlyStoppingFollowsTheReferenceRuleAndKeepChoosesTheWeights() {
        // a rate this high overfits 40 rows within a few epochs, so validation loss rises and training stops
        SyntheticRows smallTrain = SyntheticRows.blobs(40, 16, 4, 1.0, 5);
        TrainingSettings best = new TrainingSettings(64, 0, 0.05, 100, 3, 5, 8, true, 0, 1);
        TrainingSettings last = new TrainingSettings(64, 0, 0.05, 100, 3, 5, 8, false, 0, 1);
        ClassifierFit keptBest = NeuralHeads.fitClassifier(best, smallTrain.x, smallTrain.labels, VAL.x, VAL.labels, 4, 3);
        ClassifierFit keptLast = NeuralHeads.fitClassifier(last, smallTrain.x, smallTrain.labels, VAL.x, VAL.labels, 4, 3);
        assertTrue(keptBest.epochsRun() < 100, "stopped early");
        // stopping happens exactly `patience` epochs after the best, once the epoch index passes min_epochs
        assertEquals(Math.max(keptBest.bestEpoch() + 3, 7), keptBest.epochsRun());
        assertEquals(keptBest.epochsRun(), keptLast.epochsRun());
        double bestLoss = crossEntropy(keptBest.probabilities(VAL.x), VAL.labels);
        double lastLoss = crossEntropy(keptLast.probabilities(VAL.x), VAL.labels);
        assertEquals(keptBest.bestValidationLoss(), bestLoss, 1e-4);
        assertTrue(lastLoss > bestLoss, "last weights are worse on validation: " + lastLoss + " vs " + bestLoss);
    }

    @Test
    void regressorPredictsInTargetUnits() {
        SyntheticRows train = SyntheticRows.linear(500, 8, 0.1, 1);
        SyntheticRows val = SyntheticRows.linear(100, 8, 0.1, 2);
        SyntheticRows test = SyntheticRows.linear(200, 8, 0.1, 3);
        RegressorFit fit = NeuralHeads.fitRegressor(fast(0, 0, 40, true), train.x, train.targets, val.x, val.targets, 5);
        double[] predicted = fit.predict(test.x);
        assertTrue(Pearson.r(test.targets, predicted) > 0.97);
        double meanPredicted = java.util.Arrays.stream(predicted).average().orElseThrow();
        assertEquals(3, meanPredicted, 0.3, "back in target units, not standardised");
        assertTrue(fit.bestValidationLoss() < 0.1);
        RegressorFit mlp = NeuralHeads.fitRegressor(fast(16, 0.1, 40, true), train.x, train.targets, val.x, val.targets, 5);
        assertTrue(Pearson.r(test.targets, mlp.predict(test.x)) > 0.9);
    }

    @Test
    void selectedRowsTrainLikeTheirCopy() {
        int[] chosen = new int[300];
        float[] copy = new float[300 * 16];
        int[] labels = new int[300];
        float[] row = new float[16];
        for (int i = 0; i < 300; i++) {
            chosen[i] = 2 * i;
            TRAIN.x.read(2 * i, row, 0);
            System.arraycopy(row, 0, copy, i * 16, 16);
            labels[i] = TRAIN.labels[2 * i];
        }
        TrainingSettings s = fast(0, 0, 2, true);
        float[][] viaView = NeuralHeads.fitClassifier(s, FeatureRows.select(TRAIN.x, chosen), labels, VAL.x, VAL.labels, 4, 1)
                .probabilities(TEST.x);
        float[][] viaCopy = NeuralHeads.fitClassifier(s, FeatureRows.of(copy, 300, 16), labels, VAL.x, VAL.labels, 4, 1)
                .probabilities(TEST.x);
        assertArrayEquals(viaCopy[17], viaView[17]);
    }

    @Test
    void refusesLabelsOutsideTheClassesAndMismatchedParts() {
        TrainingSettings s = fast(0, 0, 1, true);
        int[] bad = TRAIN.labels.clone();
        bad[5] = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeuralHeads.fitClassifier(s, TRAIN.x, bad, VAL.x, VAL.labels, 4, 1));
        assertTrue(e.getMessage().contains("[5] = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NeuralHeads.fitClassifier(s, TRAIN.x, VAL.labels, VAL.x, VAL.labels, 4, 1));
    }

    private static double crossEntropy(float[][] p, int[] truth) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum -= Math.log(p[i][truth[i]]);
        }
        return sum / truth.length;
    }
}
