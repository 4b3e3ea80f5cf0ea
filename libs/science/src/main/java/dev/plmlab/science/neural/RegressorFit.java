package dev.plmlab.science.neural;

import dev.plmlab.science.probe.FeatureRows;

/** A trained regression head; targets were standardised on train, predictions are in target units. */
public interface RegressorFit {
    double[] predict(FeatureRows x);

    /** Epochs trained before stopping. */
    int epochsRun();

    /** The epoch (from 1) with the lowest validation loss (whose weights are kept unless keep = last). */
    int bestEpoch();

    /** Lowest mean validation MSE seen, on standardised targets. */
    double bestValidationLoss();
}
