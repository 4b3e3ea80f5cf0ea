package dev.plmlab.science.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** GB1 one_vs_rest's situation: validation rows differ only in features that train never sets. */
class RidgeFallbackTest {
    @Test
    void undefinedSpearmanForEveryAlphaFallsBackToValidationMse() {
        Random random = new Random(3);
        int n = 30;
        float[] train = new float[n * 3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            train[i * 3] = (float) random.nextGaussian();
            train[i * 3 + 1] = (float) random.nextGaussian();
            // column 2 is never set in train
            y[i] = 2 * train[i * 3] - train[i * 3 + 1] + 0.1 * random.nextGaussian();
        }
        float[] val = {0.5f, 0.2f, 1, 0.5f, 0.2f, 0, 0.5f, 0.2f, 2};
        double[] yVal = {0.5, 0.9, 1.1};
        RidgeProbe probe = new RidgeProbe(new double[] {1e-3, 1, 10, 100});
        RidgeFit fit = probe.fit(new FeatureMatrix(train, n, 3), y, new FeatureMatrix(val, 3, 3), yVal);
        fit.validationScores().forEach(s -> assertTrue(Double.isNaN(s.validationSpearman())));
        assertEquals(RidgeFit.RULE_MSE_FALLBACK, fit.alphaRule());
        assertTrue(fit.fellBack());
        AlphaScore lowest = fit.validationScores().stream()
                .min(java.util.Comparator.comparingDouble(AlphaScore::validationMse)).orElseThrow();
        assertEquals(lowest.alpha(), fit.chosenAlpha());
        // shrinking towards the train mean (≈0) moves the shared prediction away from these targets, so small alphas win
        assertTrue(fit.chosenAlpha() < 100);
    }

    @Test
    void aDefinedSpearmanKeepsTheNormalRule() {
        Random random = new Random(4);
        float[] x = new float[40 * 2];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i * 2] = (float) random.nextGaussian();
            x[i * 2 + 1] = (float) random.nextGaussian();
            y[i] = x[i * 2] + 0.5 * random.nextGaussian();
        }
        FeatureMatrix m = new FeatureMatrix(x, 40, 2);
        RidgeFit fit = new RidgeProbe().fit(m, y, m, y);
        assertEquals(RidgeFit.RULE_SPEARMAN, fit.alphaRule());
        assertFalse(fit.fellBack());
        fit.validationScores().forEach(s -> assertTrue(Double.isFinite(s.validationMse())));
    }
}
