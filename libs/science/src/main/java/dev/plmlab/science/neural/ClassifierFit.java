package dev.plmlab.science.neural;

import dev.plmlab.science.probe.FeatureRows;

/** A trained classification head. Epochs are counted from 1. */
public interface ClassifierFit extends TrainedFit {
    /** Softmax class probabilities, one row per input row. */
    float[][] probabilities(FeatureRows x);

    /** Lowest mean validation cross-entropy seen. */
    default double bestValidationLoss() {
        return history().bestValidationLoss();
    }
}
