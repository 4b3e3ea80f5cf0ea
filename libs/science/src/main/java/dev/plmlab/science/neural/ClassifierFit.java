package dev.plmlab.science.neural;

import dev.plmlab.science.probe.FeatureRows;

/** A trained classification head. Epochs are counted from 1. */
public interface ClassifierFit {
    /** Softmax class probabilities, one row per input row. */
    float[][] probabilities(FeatureRows x);

    /** Epochs trained before stopping. */
    int epochsRun();

    /** The epoch with the lowest validation loss (whose weights are kept unless keep = last). */
    int bestEpoch();

    /** Lowest mean validation cross-entropy seen. */
    double bestValidationLoss();
}
