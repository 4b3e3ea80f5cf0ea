package dev.plmlab.science.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;

class RidgeProbeTest {
    private static FeatureMatrix randomMatrix(Random random, int n, int p) {
        float[] data = new float[n * p];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() + 0.5); // non-zero means, so centring matters
        }
        return new FeatureMatrix(data, n, p);
    }

    private static double[] randomTargets(Random random, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 3 + 2 * random.nextGaussian();
        }
        return y;
    }

    /**
     * The textbook solution, independent of the probe's decomposition: centre X, z-score y,
     * Cholesky-solve (XcᵀXc + αI) w = Xcᵀ z, map back to original units.
     */
    private static RidgeModel closedForm(FeatureMatrix x, double[] y, double alpha) {
        int n = x.rows();
        int p = x.cols();
        double yMean = java.util.Arrays.stream(y).average().orElseThrow();
        double yStd = Math.sqrt(java.util.Arrays.stream(y).map(v -> (v - yMean) * (v - yMean)).sum() / n);
        DMatrixRMaj xc = new DMatrixRMaj(n, p);
        double[] means = new double[p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                means[j] += x.get(i, j);
            }
            means[j] /= n;
            for (int i = 0; i < n; i++) {
                xc.set(i, j, x.get(i, j) - means[j]);
            }
        }
        DMatrixRMaj z = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            z.set(i, 0, (y[i] - yMean) / yStd);
        }
        DMatrixRMaj a = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multTransA(xc, xc, a);
        for (int j = 0; j < p; j++) {
            a.add(j, j, alpha);
        }
        DMatrixRMaj b = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.multTransA(xc, z, b);
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(p);
        assertTrue(cholesky.setA(a));
        DMatrixRMaj w = new DMatrixRMaj(p, 1);
        cholesky.solve(b, w);
        return RidgeModel.fromStandardised(alpha, w.data, means, yMean, yStd);
    }

    private static void assertSameModel(RidgeModel expected, RidgeModel actual) {
        double scale = 0;
        for (double c : expected.coefficients()) {
            scale = Math.max(scale, Math.abs(c));
        }
        for (int j = 0; j < expected.features(); j++) {
            assertEquals(expected.coefficients()[j], actual.coefficients()[j], 1e-6 * scale,
                    "coefficient " + j + " at alpha " + expected.alpha());
        }
        assertEquals(expected.intercept(), actual.intercept(), 1e-6 * Math.max(1, Math.abs(expected.intercept())));
    }

    @Test
    void everyAlphaMatchesTheCholeskySolveWhenNExceedsP() {
        Random random = new Random(11);
        FeatureMatrix x = randomMatrix(random, 300, 42); // 42: not a multiple of the Gram block size
        double[] y = randomTargets(random, 300);
        RidgeProbe probe = new RidgeProbe();
        List<RidgeModel> path = probe.fitPath(x, y);
        assertEquals(RidgeProbe.DEFAULT_ALPHAS.length, path.size());
        for (RidgeModel model : path) {
            assertSameModel(closedForm(x, y, model.alpha()), model);
        }
    }

    @Test
    void everyAlphaMatchesTheCholeskySolveWhenPExceedsN() {
        Random random = new Random(12);
        FeatureMatrix x = randomMatrix(random, 35, 90);
        double[] y = randomTargets(random, 35);
        for (RidgeModel model : new RidgeProbe().fitPath(x, y)) {
            assertSameModel(closedForm(x, y, model.alpha()), model);
        }
    }

    @Test
    void recoversKnownCoefficientsFromNoiselessData() {
        Random random = new Random(13);
        int n = 400;
        int p = 25;
        FeatureMatrix x = randomMatrix(random, n, p);
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) {
            beta[j] = j % 3 == 0 ? 0 : (j - 12) / 4.0;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = -7.5;
            for (int j = 0; j < p; j++) {
                y[i] += x.get(i, j) * beta[j];
            }
        }
        RidgeModel model = new RidgeProbe(new double[] {1e-9}).fitPath(x, y).get(0);
        for (int j = 0; j < p; j++) {
            assertEquals(beta[j], model.coefficients()[j], 1e-6, "coefficient " + j);
        }
        assertEquals(-7.5, model.intercept(), 1e-5);
        FeatureMatrix fresh = randomMatrix(random, 10, p);
        double[] predicted = model.predict(fresh);
        for (int i = 0; i < 10; i++) {
            double truth = -7.5;
            for (int j = 0; j < p; j++) {
                truth += fresh.get(i, j) * beta[j];
            }
            assertEquals(truth, predicted[i], 1e-5);
        }
    }

    @Test
    void tiedValidationScoresChooseTheLargestAlpha() {
        // one feature: every alpha gives a positive slope, hence the same ranking and the same ρ
        Random random = new Random(14);
        FeatureMatrix x = randomMatrix(random, 50, 1);
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            y[i] = 2 * x.get(i, 0) + 0.3 * random.nextGaussian();
        }
        FeatureMatrix xVal = randomMatrix(random, 20, 1);
        double[] yVal = randomTargets(random, 20);
        RidgeFit fit = new RidgeProbe().fit(x, y, xVal, yVal);
        double first = fit.validationScores().get(0).validationSpearman();
        fit.validationScores().forEach(s -> assertEquals(first, s.validationSpearman(), 0));
        assertEquals(10, fit.chosenAlpha(), "the largest alpha of the default grid");
        assertEquals(10, fit.model().alpha());
    }

    @Test
    void bestValidationAlphaWinsAndEveryAlphaIsReported() {
        // many informative features, little data: heavy shrinkage blurs the ranking
        Random random = new Random(15);
        int p = 60;
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) {
            beta[j] = random.nextGaussian();
        }
        FeatureMatrix x = randomMatrix(random, 80, p);
        FeatureMatrix xVal = randomMatrix(random, 200, p);
        double[] y = new double[80];
        double[] yVal = new double[200];
        for (int i = 0; i < 80; i++) {
            for (int j = 0; j < p; j++) {
                y[i] += x.get(i, j) * beta[j];
            }
        }
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < p; j++) {
                yVal[i] += xVal.get(i, j) * beta[j];
            }
        }
        double[] grid = {1e-3, 1e3, 1e5};
        RidgeFit fit = new RidgeProbe(grid).fit(x, y, xVal, yVal);
        assertEquals(3, fit.validationScores().size());
        for (int a = 0; a < grid.length; a++) {
            assertEquals(grid[a], fit.validationScores().get(a).alpha());
        }
        double best = fit.validationScores().stream().mapToDouble(AlphaScore::validationSpearman).max().orElseThrow();
        assertTrue(fit.validationScores().get(0).validationSpearman() > fit.validationScores().get(2).validationSpearman());
        assertEquals(1e-3, fit.chosenAlpha());
        assertEquals(best, fit.validationScores().get(0).validationSpearman());
        assertTrue(best > 0.999, "noiseless data with n > p should rank validation almost perfectly: " + best);
    }

    @Test
    void flatAndRowInputsGiveTheSameFit() {
        Random random = new Random(16);
        FeatureMatrix x = randomMatrix(random, 30, 4);
        FeatureMatrix xVal = randomMatrix(random, 10, 4);
        double[] y = randomTargets(random, 30);
        double[] yVal = randomTargets(random, 10);
        float[][] rows = new float[30][4];
        float[][] valRows = new float[10][4];
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 4; j++) {
                rows[i][j] = x.get(i, j);
                if (i < 10) {
                    valRows[i][j] = xVal.get(i, j);
                }
            }
        }
        RidgeFit flat = new RidgeProbe().fit(x, y, xVal, yVal);
        RidgeFit fromRows = new RidgeProbe().fit(rows, y, valRows, yVal);
        assertEquals(flat.chosenAlpha(), fromRows.chosenAlpha());
        assertEquals(flat.validationScores(), fromRows.validationScores());
        assertEquals(flat.model().predict(valRows[3]), fromRows.model().predict(xVal)[3], 1e-12);
    }

    @Test
    void badInputsAreRejected() {
        Random random = new Random(17);
        FeatureMatrix x = randomMatrix(random, 10, 3);
        assertThrows(IllegalArgumentException.class, () -> new RidgeProbe(new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new RidgeProbe(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new RidgeProbe().fitPath(x, new double[9]));
        assertThrows(IllegalArgumentException.class, () -> new RidgeProbe().fitPath(x, new double[10]));
        assertThrows(IllegalArgumentException.class, () -> new FeatureMatrix(new float[5], 2, 3));
        RidgeModel model = new RidgeProbe().fitPath(x, randomTargets(random, 10)).get(0);
        assertThrows(IllegalArgumentException.class, () -> model.predict(new float[4]));
    }
}
