package dev.plmlab.science.neural;

import java.util.List;

/** A trained CNN baseline. Epochs are counted from 1. */
public interface CnnFit extends TrainedFit {
    /** Predictions in target units, clipped to the range of the train targets. */
    double[] predict(List<String> sequences);
}
