package dev.plmlab.science.probe;

import dev.plmlab.science.metrics.MeanSquaredError;
import dev.plmlab.science.metrics.Spearman;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Ridge-regression probe with intercept, alpha chosen on a validation set by Spearman ρ.
 *
 * <p>Fitting, on the train part only: features are centred with the train column means and
 * targets z-scored with the train mean and (population) standard deviation; ridge minimises
 * {@code |yz - Xc w|² + α|w|²} (the intercept is not penalised, centring takes care of it);
 * predictions are mapped back to the original target units. All alphas come from one
 * decomposition: of the p × p Gram matrix {@code Xcᵀ Xc} when n ≥ p, else of the n × n kernel
 * {@code Xc Xcᵀ} (then {@code w = Xcᵀ (Xc Xcᵀ + αI)^{-1} yz}), whichever is smaller; see
 * {@link ShiftedSymmetricSolver}.
 *
 * <p>Choice of alpha: the highest validation ρ wins; alphas whose ρ is within
 * {@code tieTolerance} of the best count as tied and the <em>largest</em> of them is taken.
 * When validation cannot tell two alphas apart, the more regularised model has the same
 * support from the data, lower variance and a better-conditioned solve, so it is the safer
 * choice on unseen data. The default tolerance, 1e-9, only absorbs floating-point noise
 * (e.g. on one-hot features, tiny alphas give the same ranking up to rounding). An alpha with
 * NaN ρ (constant predictions) never wins.
 *
 * <p>Fallback, when ρ is NaN for every alpha (e.g. GB1 one_vs_rest: its 3 validation rows differ
 * only at residues no train row has at that position, so a one-hot ridge predicts one value for
 * all three): the lowest validation MSE wins (ties within the tolerance → larger alpha, as
 * above); if MSE is not finite either, the default alpha {@value #DEFAULT_ALPHA} is taken (the
 * grid value nearest to it on a log scale if it is not in the grid). {@link RidgeFit#alphaRule()}
 * says which rule chose.
 */
public final class RidgeProbe {
    /** Default alpha grid: the reference's {@code logspace(-3, 1, 5)}, as a spec's ridge gets it (ProbeSpec). */
    public static final double[] DEFAULT_ALPHAS = {1e-3, 1e-2, 1e-1, 1, 10};
    public static final double DEFAULT_TIE_TOLERANCE = 1e-9;
    /** The alpha of the last-resort fallback (Shanehsazzadeh et al.'s ridge baseline uses 1). */
    public static final double DEFAULT_ALPHA = 1;

    private final double[] alphas;
    private final double tieTolerance;

    public RidgeProbe() {
        this(DEFAULT_ALPHAS, DEFAULT_TIE_TOLERANCE);
    }

    public RidgeProbe(double[] alphas) {
        this(alphas, DEFAULT_TIE_TOLERANCE);
    }

    public RidgeProbe(double[] alphas, double tieTolerance) {
        if (alphas.length == 0) {
            throw new IllegalArgumentException("the alpha grid is empty");
        }
        for (double alpha : alphas) {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alphas must be positive and finite, got " + alpha);
            }
        }
        if (!(tieTolerance >= 0)) {
            throw new IllegalArgumentException("tie tolerance must be >= 0, got " + tieTolerance);
        }
        this.alphas = alphas.clone();
        this.tieTolerance = tieTolerance;
    }

    public double[] alphas() {
        return alphas.clone();
    }

    /** Fits on train, scores every alpha on validation, returns the chosen model. */
    public RidgeFit fit(FeatureMatrix xTrain, double[] yTrain, FeatureMatrix xVal, double[] yVal) {
        if (xVal.cols() != xTrain.cols()) {
            throw new IllegalArgumentException("validation has " + xVal.cols() + " features, train " + xTrain.cols());
        }
        if (xVal.rows() != yVal.length) {
            throw new IllegalArgumentException("validation has " + xVal.rows() + " rows but " + yVal.length + " targets");
        }
        if (xVal.rows() < 2) {
            throw new IllegalArgumentException("validation needs at least 2 rows to rank, got " + xVal.rows());
        }
        List<RidgeModel> models = fitPath(xTrain, yTrain);
        List<AlphaScore> scores = new ArrayList<>(models.size());
        for (RidgeModel model : models) {
            double[] predicted = model.predict(xVal);
            scores.add(new AlphaScore(model.alpha(), Spearman.rho(yVal, predicted),
                    MeanSquaredError.of(yVal, predicted)));
        }
        int chosen = bestBy(scores, AlphaScore::validationSpearman, true);
        String rule = RidgeFit.RULE_SPEARMAN;
        if (chosen < 0) {
            chosen = bestBy(scores, AlphaScore::validationMse, false);
            rule = RidgeFit.RULE_MSE_FALLBACK;
        }
        if (chosen < 0) {
            chosen = nearestToDefault();
            rule = RidgeFit.RULE_DEFAULT_FALLBACK;
        }
        return new RidgeFit(alphas[chosen], scores, models.get(chosen), rule);
    }

    /** {@link #fit(FeatureMatrix, double[], FeatureMatrix, double[])} for row arrays. */
    public RidgeFit fit(float[][] xTrain, double[] yTrain, float[][] xVal, double[] yVal) {
        return fit(FeatureMatrix.of(xTrain), yTrain, FeatureMatrix.of(xVal), yVal);
    }

    /** One model per alpha of the grid (grid order), all fitted on the given data. */
    public List<RidgeModel> fitPath(FeatureMatrix x, double[] y) {
        int n = x.rows();
        int p = x.cols();
        if (n != y.length) {
            throw new IllegalArgumentException("train has " + n + " rows but " + y.length + " targets");
        }
        if (n < 2) {
            throw new IllegalArgumentException("train needs at least 2 rows, got " + n);
        }
        double yMean = Arrays.stream(y).average().orElseThrow();
        double yVar = 0;
        for (double v : y) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("train targets must be finite, got " + v);
            }
            yVar += (v - yMean) * (v - yMean);
        }
        double yStd = Math.sqrt(yVar / n);
        if (yStd == 0) {
            throw new IllegalArgumentException("train targets are constant (" + yMean + "); nothing to fit");
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (y[i] - yMean) / yStd;
        }
        double[] means = columnMeans(x);
        List<double[]> standardised = n >= p
                ? solvePrimal(centredFeatureMajor(x, means), n, p, z)
                : solveDual(centredExampleMajor(x, means), n, p, z);
        List<RidgeModel> models = new ArrayList<>(alphas.length);
        for (int a = 0; a < alphas.length; a++) {
            models.add(RidgeModel.fromStandardised(alphas[a], standardised.get(a), means, yMean, yStd));
        }
        return models;
    }

    /** n ≥ p: w = (XcᵀXc + αI)^{-1} Xcᵀ z; {@code xct} is Xcᵀ, p rows of n values. */
    private List<double[]> solvePrimal(double[] xct, int n, int p, double[] z) {
        double[] xtz = new double[p];
        for (int j = 0; j < p; j++) {
            double sum = 0;
            int row = j * n;
            for (int i = 0; i < n; i++) {
                sum += xct[row + i] * z[i];
            }
            xtz[j] = sum;
        }
        ShiftedSymmetricSolver solver = new ShiftedSymmetricSolver(Gram.ofRows(xct, p, n), p);
        double[] rotated = solver.rotate(xtz);
        List<double[]> out = new ArrayList<>(alphas.length);
        for (double alpha : alphas) {
            out.add(solver.solveRotated(rotated, alpha));
        }
        return out;
    }

    /**
     * p > n: w = Xcᵀ (Xc Xcᵀ + αI)^{-1} z, the same solution through the smaller n × n system;
     * {@code centred} is Xc, n rows of p values.
     */
    private List<double[]> solveDual(double[] centred, int n, int p, double[] z) {
        ShiftedSymmetricSolver solver = new ShiftedSymmetricSolver(Gram.ofRows(centred, n, p), n);
        double[] rotated = solver.rotate(z);
        List<double[]> out = new ArrayList<>(alphas.length);
        for (double alpha : alphas) {
            double[] dual = solver.solveRotated(rotated, alpha);
            double[] w = new double[p];
            for (int i = 0; i < n; i++) {
                double di = dual[i];
                int row = i * p;
                for (int j = 0; j < p; j++) {
                    w[j] += centred[row + j] * di;
                }
            }
            out.add(w);
        }
        return out;
    }

    /**
     * The alpha with the best finite score (highest if {@code higherIsBetter}, else lowest);
     * scores within the tie tolerance of the best count as tied and the largest alpha among them
     * wins. -1 when no score is finite.
     */
    private int bestBy(List<AlphaScore> scores, ToDoubleFunction<AlphaScore> score, boolean higherIsBetter) {
        double sign = higherIsBetter ? 1 : -1;
        double best = Double.NEGATIVE_INFINITY;
        for (AlphaScore s : scores) {
            double v = sign * score.applyAsDouble(s);
            if (Double.isFinite(v)) {
                best = Math.max(best, v);
            }
        }
        if (best == Double.NEGATIVE_INFINITY) {
            return -1;
        }
        int chosen = -1;
        for (int a = 0; a < scores.size(); a++) {
            double v = sign * score.applyAsDouble(scores.get(a));
            if (Double.isFinite(v) && v >= best - tieTolerance && (chosen < 0 || alphas[a] > alphas[chosen])) {
                chosen = a;
            }
        }
        return chosen;
    }

    private int nearestToDefault() {
        int nearest = 0;
        for (int a = 1; a < alphas.length; a++) {
            if (Math.abs(Math.log(alphas[a] / DEFAULT_ALPHA)) < Math.abs(Math.log(alphas[nearest] / DEFAULT_ALPHA))) {
                nearest = a;
            }
        }
        return nearest;
    }

    private static double[] columnMeans(FeatureMatrix x) {
        int n = x.rows();
        int p = x.cols();
        double[] means = new double[p];
        float[] data = x.data();
        for (int i = 0; i < n; i++) {
            int row = i * p;
            for (int j = 0; j < p; j++) {
                means[j] += data[row + j];
            }
        }
        for (int j = 0; j < p; j++) {
            means[j] /= n;
        }
        return means;
    }

    /** Xc, n rows of p values. */
    private static double[] centredExampleMajor(FeatureMatrix x, double[] means) {
        int n = x.rows();
        int p = x.cols();
        float[] data = x.data();
        double[] out = new double[Math.multiplyExact(n, p)];
        for (int i = 0; i < n; i++) {
            int row = i * p;
            for (int j = 0; j < p; j++) {
                out[row + j] = data[row + j] - means[j];
            }
        }
        return out;
    }

    /** Xcᵀ, p rows of n values: the layout in which the Gram kernel reads features contiguously. */
    private static double[] centredFeatureMajor(FeatureMatrix x, double[] means) {
        int n = x.rows();
        int p = x.cols();
        float[] data = x.data();
        double[] out = new double[Math.multiplyExact(n, p)];
        // walk X in row blocks so that the transposed writes stay within a few cache lines per feature
        int block = 64;
        for (int i0 = 0; i0 < n; i0 += block) {
            int i1 = Math.min(n, i0 + block);
            for (int j = 0; j < p; j++) {
                double mean = means[j];
                int outRow = j * n;
                for (int i = i0; i < i1; i++) {
                    out[outRow + i] = data[i * p + j] - mean;
                }
            }
        }
        return out;
    }
}
