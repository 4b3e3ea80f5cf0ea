package dev.plmlab.science.neural;

import java.util.Locale;

/**
 * The supervised CNN recipes of Shanehsazzadeh, Belanger and Dohan (2020), as ../SCIENCE.md
 * tabulates them: layers, and Adam learning rate / weight decay per layer.
 */
enum CnnArchitecture {
    /** Conv1d(k 5) + ReLU → max over length → Dense(1); conv 1e-3 / 0, dense 5e-6 / 0.05; 50 epochs, batch 256. */
    MAXPOOL("maxpool", new int[] {1}, true, 0, new double[] {1e-3, 5e-6}, new double[] {0, 0.05}, 50, 256),
    /**
     * Conv1d(k 5) → Dense(2048) + ReLU at every position → max → Dense(1); 1e-3 / 0, 5e-5 / 0.05,
     * 5e-6 / 0.05; 50 epochs, batch 256. The table puts no ReLU after the conv here, and neither does this.
     */
    LINEAR_MAXPOOL("linear-maxpool", new int[] {1}, false, 2048,
            new double[] {1e-3, 5e-5, 5e-6}, new double[] {0, 0.05, 0.05}, 50, 256),
    /** 3 × (Conv1d(k 5) + ReLU) → max → Dense(1); conv 5e-4 / 0.025, dense 5e-5 / 0.025; 5 epochs, batch 16. */
    THREE_MAXPOOL("3-maxpool", new int[] {1, 1, 1}, true, 0,
            new double[] {5e-4, 5e-5}, new double[] {0.025, 0.025}, 5, 16),
    /** As {@link #THREE_MAXPOOL} with dilations 1, 2, 1. */
    THREE_DILATED("3-dilated", new int[] {1, 2, 1}, true, 0,
            new double[] {5e-4, 5e-5}, new double[] {0.025, 0.025}, 5, 16);

    static final int KERNEL = 5;

    final String specName;
    /** One entry per conv layer. */
    final int[] dilations;
    final boolean reluAfterConv;
    /** Width of the per-position dense layer, 0 = none. */
    final int positionDense;
    /** Learning rates: all convs share the first; then the per-position dense (if any); then the output dense. */
    final double[] learningRates;
    final double[] weightDecays;
    final int defaultEpochs;
    final int defaultBatchSize;

    CnnArchitecture(String specName, int[] dilations, boolean reluAfterConv, int positionDense,
                    double[] learningRates, double[] weightDecays, int defaultEpochs, int defaultBatchSize) {
        this.specName = specName;
        this.dilations = dilations;
        this.reluAfterConv = reluAfterConv;
        this.positionDense = positionDense;
        this.learningRates = learningRates;
        this.weightDecays = weightDecays;
        this.defaultEpochs = defaultEpochs;
        this.defaultBatchSize = defaultBatchSize;
    }

    static CnnArchitecture named(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (CnnArchitecture a : values()) {
            if (a.specName.equals(wanted)) {
                return a;
            }
        }
        throw new IllegalArgumentException("cnn architecture must be one of maxpool, linear-maxpool, 3-maxpool, "
                + "3-dilated (or flip), got '" + name + "'");
    }
}
