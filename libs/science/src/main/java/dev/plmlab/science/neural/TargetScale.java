package dev.plmlab.science.neural;

/** z-scoring of regression targets with the train mean and population standard deviation. */
record TargetScale(double mean, double std) {
    static TargetScale of(double[] train) {
        if (train.length == 0) {
            throw new IllegalArgumentException("no train targets");
        }
        double sum = 0;
        for (double v : train) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("train targets must be finite, got " + v);
            }
            sum += v;
        }
        double mean = sum / train.length;
        double squares = 0;
        for (double v : train) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / train.length);
        if (std == 0) {
            throw new IllegalArgumentException("train targets are constant (" + mean + "); nothing to fit");
        }
        return new TargetScale(mean, std);
    }

    float[] standardise(double[] values) {
        float[] z = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("target [" + i + "] is not finite: " + values[i]);
            }
            z[i] = (float) ((values[i] - mean) / std);
        }
        return z;
    }

    double[] restore(float[] standardised) {
        double[] y = new double[standardised.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = standardised[i] * std + mean;
        }
        return y;
    }
}
