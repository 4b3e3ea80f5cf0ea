package dev.plmlab.science.probe;

/**
 * Validation scores of the ridge model fitted with one alpha: Spearman ρ (NaN if the predictions
 * or the targets are constant) and mean squared error in target units (NaN when not computed).
 */
public record AlphaScore(double alpha, double validationSpearman, double validationMse) {
    public AlphaScore(double alpha, double validationSpearman) {
        this(alpha, validationSpearman, Double.NaN);
    }
}
