package dev.plmlab.science.probe;

/**
 * A fitted linear model in the targets' original units: {@code y = intercept + x · coefficients}.
 * The standardisation used while fitting (centred features, z-scored targets) is folded into
 * these two, so predicting needs no extra state.
 */
public record RidgeModel(double alpha, double[] coefficients, double intercept) {

    /**
     * Converts a solution found on centred features and z-scored targets,
     * {@code (y - yMean) / yStd = (x - xMeans) · standardisedCoefficients}, to original units.
     */
    static RidgeModel fromStandardised(double alpha, double[] standardisedCoefficients, double[] xMeans,
                                       double yMean, double yStd) {
        double[] coefficients = new double[standardisedCoefficients.length];
        double intercept = yMean;
        for (int j = 0; j < coefficients.length; j++) {
            coefficients[j] = standardisedCoefficients[j] * yStd;
            intercept -= xMeans[j] * coefficients[j];
        }
        return new RidgeModel(alpha, coefficients, intercept);
    }

    public int features() {
        return coefficients.length;
    }

    public double predict(float[] row) {
        if (row.length != coefficients.length) {
            throw new IllegalArgumentException("row has " + row.length + " features, the model " + coefficients.length);
        }
        return intercept + dotRow(row, 0);
    }

    public double[] predict(FeatureMatrix x) {
        if (x.cols() != coefficients.length) {
            throw new IllegalArgumentException("matrix has " + x.cols() + " features, the model " + coefficients.length);
        }
        double[] out = new double[x.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = intercept + dotRow(x.data(), i * x.cols());
        }
        return out;
    }

    public double[] predict(float[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = predict(rows[i]);
        }
        return out;
    }

    private double dotRow(float[] data, int offset) {
        double sum = 0;
        for (int j = 0; j < coefficients.length; j++) {
            sum += data[offset + j] * coefficients[j];
        }
        return sum;
    }
}
