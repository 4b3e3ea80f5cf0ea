package dev.plmlab.science.probe;

/** Validation Spearman ρ of the ridge model fitted with one alpha (NaN if the predictions were constant). */
public record AlphaScore(double alpha, double validationSpearman) {
}
