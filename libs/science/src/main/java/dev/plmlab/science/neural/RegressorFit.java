package dev.plmlab.science.neural;

import dev.plmlab.science.probe.FeatureRows;

/** A trained regression head; targets were standardised on train, predictions are in target units. */
public interface RegressorFit extends TrainedFit {
    double[] predict(FeatureRows x);

    /** Lowest mean validation MSE seen, on standardised targets. */
    default double bestValidationLoss() {
        return history().bestValidationLoss();
    }
}
