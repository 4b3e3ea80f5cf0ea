package dev.plmlab.science.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected numbers from libs/science/bench/classification_metrics_sklearn.py (scikit-learn 1.2.1). */
class ClassProbabilitiesTest {
    private static final int N = 40;
    private static final int K = 4;
    private static final int[] TRUTH = new int[N];
    private static final float[][] P = new float[N][K];

    static {
        // the script's formula: float32 rows with ties; class 3 is never true but sometimes predicted
        for (int i = 0; i < N; i++) {
            TRUTH[i] = (i * 5 + i / 3) % 3;
            float sum = 0;
            for (int c = 0; c < K; c++) {
                P[i][c] = ((i * 7 + c * 3) % 11 + 1) + (c == TRUTH[i] && i % 4 != 0 ? 4 : 0);
                sum += P[i][c];
            }
            for (int c = 0; c < K; c++) {
                P[i][c] /= sum;
            }
        }
    }

    @Test
    void matchScikitLearn() {
        assertEquals(0.475, ClassProbabilities.accuracy(TRUTH, P), 1e-12);
        assertEquals(0.3804347826086957, ClassProbabilities.macroF1(TRUTH, P), 1e-12);
        assertEquals(0.7476258309591644, ClassProbabilities.rocAucOneVsRest(TRUTH, P), 1e-12);
        assertEquals(1.2181733212171733, ClassProbabilities.crossEntropy(TRUTH, P), 1e-6);
    }

    @Test
    void perfectAndInvertedScores() {
        int[] truth = {0, 1, 2, 1};
        float[][] right = {{0.8f, 0.1f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.1f, 0.1f, 0.8f}, {0.2f, 0.7f, 0.1f}};
        assertEquals(1, ClassProbabilities.accuracy(truth, right));
        assertEquals(1, ClassProbabilities.macroF1(truth, right));
        assertEquals(1, ClassProbabilities.rocAucOneVsRest(truth, right));
        float[][] wrong = {{0.1f, 0.45f, 0.45f}, {0.45f, 0.1f, 0.45f}, {0.45f, 0.45f, 0.1f}, {0.45f, 0.1f, 0.45f}};
        assertEquals(0, ClassProbabilities.rocAucOneVsRest(truth, wrong));
        assertEquals(0, ClassProbabilities.accuracy(truth, wrong));
        assertEquals(-Math.log(0.1), ClassProbabilities.crossEntropy(truth, wrong), 1e-6);
        assertArrayEquals(new int[] {1, 0, 0, 0}, ClassProbabilities.predictedClasses(wrong), "ties → lowest index");
    }

    @Test
    void rocAucIsUndefinedWithOneClassAndInputsAreChecked() {
        assertTrue(Double.isNaN(ClassProbabilities.rocAucOneVsRest(new int[] {1, 1}, new float[][] {{0.3f, 0.7f}, {0.6f, 0.4f}})));
        assertThrows(IllegalArgumentException.class,
                () -> ClassProbabilities.accuracy(new int[] {2}, new float[][] {{0.5f, 0.5f}}));
        assertThrows(IllegalArgumentException.class,
                () -> ClassProbabilities.accuracy(new int[] {0}, new float[][] {{1.5f, -0.5f}}));
    }

    @Test
    void bootstrapOverUnitsResamplesProteinsNotResidues() {
        // two proteins: one long and always right, one short and always wrong
        int[] truth = new int[110];
        int[] predicted = new int[110];
        int[] unitOf = new int[110];
        for (int i = 100; i < 110; i++) {
            unitOf[i] = 1;
            predicted[i] = 1;
        }
        int[][] counts = PooledUnits.correctAndScored(truth, predicted, unitOf, 2);
        assertArrayEquals(new int[] {100, 0}, counts[0]);
        assertArrayEquals(new int[] {100, 10}, counts[1]);
        ConfidenceInterval ci = new Bootstrap(1000, 0.95, 42).overUnits(2, PooledUnits.accuracy(counts[0], counts[1]));
        // resampling 2 units gives {0,0} → 1, {0,1} → 100/110, {1,1} → 0: the interval spans 0..1;
        // resampling 110 residues would give a narrow interval around 0.909
        assertEquals(0, ci.low(), 1e-12);
        assertEquals(1, ci.high(), 1e-12);
        ConfidenceInterval residues = new Bootstrap(1000, 0.95, 42).interval(truth, predicted, Accuracy::of);
        assertTrue(residues.high() - residues.low() < 0.15);
    }
}
