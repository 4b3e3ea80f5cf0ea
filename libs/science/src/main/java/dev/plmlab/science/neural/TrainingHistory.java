package dev.plmlab.science.neural;

/**
 * How a fit's training went: epochs run, the 1-based epoch whose weights are kept (the best on validation,
 * or the last) and the best validation score seen (mean loss for dense heads).
 */
public record TrainingHistory(int epochsRun, int bestEpoch, double bestValidationLoss) {
}
