package dev.plmlab.science.neural;

import dev.plmlab.science.probe.FeatureRows;
import java.util.Random;

/** Small synthetic tasks: Gaussian class blobs and a noisy linear target. */
final class SyntheticRows {
    final FeatureRows x;
    final int[] labels;
    final double[] targets;

    private SyntheticRows(FeatureRows x, int[] labels, double[] targets) {
        this.x = x;
        this.labels = labels;
        this.targets = targets;
    }

    /** {@code classes} blobs whose means are {@code separation} apart on random axes. */
    static SyntheticRows blobs(int rows, int width, int classes, double separation, long seed) {
        Random centres = new Random(1234);
        double[][] means = new double[classes][width];
        for (double[] mean : means) {
            for (int j = 0; j < width; j++) {
                mean[j] = centres.nextGaussian() * separation;
            }
        }
        Random random = new Random(seed);
        float[] data = new float[rows * width];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(classes);
            for (int j = 0; j < width; j++) {
                data[i * width + j] = (float) (means[labels[i]][j] + random.nextGaussian());
            }
        }
        return new SyntheticRows(FeatureRows.of(data, rows, width), labels, null);
    }

    /** y = 3 + 2·(x · w) + noise, with fixed w. */
    static SyntheticRows linear(int rows, int width, double noise, long seed) {
        Random weights = new Random(99);
        double[] w = new double[width];
        for (int j = 0; j < width; j++) {
            w[j] = weights.nextGaussian() / Math.sqrt(width);
        }
        Random random = new Random(seed);
        float[] data = new float[rows * width];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double dot = 0;
            for (int j = 0; j < width; j++) {
                float v = (float) random.nextGaussian();
                data[i * width + j] = v;
                dot += v * w[j];
            }
            y[i] = 3 + 2 * dot + noise * random.nextGaussian();
        }
        return new SyntheticRows(FeatureRows.of(data, rows, width), null, y);
    }
}
