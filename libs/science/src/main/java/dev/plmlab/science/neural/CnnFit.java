package dev.plmlab.science.neural;

import java.util.List;

/** A trained CNN baseline. Epochs are counted from 1. */
public interface CnnFit {
    /** Predictions in target units, clipped to the range of the train targets. */
    double[] predict(List<String> sequences);

    int epochsRun();

    /** The epoch whose weights are kept: best validation Spearman with early stopping, else the last. */
    int bestEpoch();
}
