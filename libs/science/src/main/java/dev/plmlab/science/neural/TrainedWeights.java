package dev.plmlab.science.neural;

import java.util.List;

/**
 * What a training run leaves: the kept weights (host copies, so a fit holds no native memory),
 * the number of epochs run, the 1-based epoch of the lowest validation loss and that loss.
 */
record TrainedWeights(List<float[]> weights, int epochsRun, int bestEpoch, double bestValidationLoss) {
    TrainedWeights {
        weights = List.copyOf(weights);
    }

    TrainingHistory history() {
        return new TrainingHistory(epochsRun, bestEpoch, bestValidationLoss);
    }
}
