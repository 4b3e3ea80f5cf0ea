package dev.plmlab.science.neural;

/** What every trained probe reports of its training. Epochs are counted from 1. */
public interface TrainedFit {

    TrainingHistory history();

    /** Epochs trained before stopping. */
    default int epochsRun() {
        return history().epochsRun();
    }

    /** The epoch whose weights are kept: the best on validation, unless keep = last or no early stopping. */
    default int bestEpoch() {
        return history().bestEpoch();
    }
}
