package dev.plmlab.science.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    // Both samples hold ties. Reference values computed offline with scipy 1.17.1 / numpy 2.4.6:
    // scipy.stats.rankdata(A), spearmanr(A, B)[0], pearsonr(A, B)[0], np.mean((A - B)**2).
    private static final double[] A = {3.1, 1.2, 1.2, 5.0, 4.4, 2.2, 2.2, 2.2, 0.5, 6.1};
    private static final double[] B = {2.0, 1.0, 1.5, 4.0, 4.0, 3.0, 1.0, 2.5, 0.0, 5.5};

    @Test
    void averageRanksShareTiedPositions() {
        assertArrayEquals(new double[] {7.0, 2.5, 2.5, 9.0, 8.0, 5.0, 5.0, 5.0, 1.0, 10.0}, Ranks.average(A), 0);
    }

    @Test
    void spearmanMatchesScipyWithTies() {
        assertEquals(0.8885832195336628, Spearman.rho(A, B), 1e-12);
    }

    @Test
    void spearmanIsOneForAnyIncreasingMapAndMinusOneForDecreasing() {
        double[] x = {0.1, 5, 2, 3.3, -1};
        double[] cubed = new double[x.length];
        double[] negated = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            cubed[i] = x[i] * x[i] * x[i];
            negated[i] = -x[i];
        }
        assertEquals(1.0, Spearman.rho(x, cubed), 1e-12);
        assertEquals(-1.0, Spearman.rho(x, negated), 1e-12);
    }

    @Test
    void pearsonMatchesScipy() {
        assertEquals(0.9309274367918494, Pearson.r(A, B), 1e-12);
    }

    @Test
    void correlationOfConstantSampleIsNaN() {
        assertTrue(Double.isNaN(Pearson.r(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(Spearman.rho(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
    }

    @Test
    void mseMatchesNumpy() {
        assertEquals(0.528, MeanSquaredError.of(A, B), 1e-12);
    }

    @Test
    void ndcgByHand() {
        // gains = [3,1,2] - 1 = [2,0,1]; prediction order: item1 (0), item2 (1), item0 (2)
        // DCG = 0/log2(2) + 1/log2(3) + 2/log2(4) = 1.6309298; IDCG = 2 + 1/log2(3) = 2.6309298
        double log2of3 = Math.log(3) / Math.log(2);
        assertEquals((1 / log2of3 + 1) / (2 + 1 / log2of3),
                Ndcg.score(new double[] {3, 1, 2}, new double[] {0.1, 0.3, 0.2}), 1e-12);
        // tie: items 0 and 1 share the top two discounts and their mean gain (2 + 0) / 2 = 1
        assertEquals((1 * (1 + 1 / log2of3) + 1 * 0.5) / (2 + 1 / log2of3),
                Ndcg.score(new double[] {3, 1, 2}, new double[] {0.5, 0.5, 0.2}), 1e-12);
        assertEquals(1.0, Ndcg.score(new double[] {3, 1, 2}, new double[] {30, 10, 20}), 1e-12);
    }

    @Test
    void ndcgMatchesSklearnDefinition() {
        // Offline reference: a numpy transcription of sklearn.metrics.ndcg_score's tie-averaged
        // DCG (sklearn is not installed here), gains = y - y.min(), k = None.
        assertEquals(0.9904586898209187, Ndcg.score(A, B), 1e-12);
        assertEquals(0.9912191373754837, Ndcg.score(B, A), 1e-12);
    }

    @Test
    void ndcgOfConstantTargetsIsZero() {
        assertEquals(0.0, Ndcg.score(new double[] {2, 2, 2}, new double[] {1, 2, 3}), 0);
    }

    @Test
    void accuracyCountsMatches() {
        assertEquals(0.6, Accuracy.of(new int[] {0, 1, 2, 2, 1}, new int[] {0, 1, 1, 2, 0}), 1e-15);
    }

    @Test
    void lengthMismatchAndEmptyInputAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Spearman.rho(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> MeanSquaredError.of(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Pearson.r(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }
}
