package dev.plmlab.science.probe;

import java.util.List;

/**
 * Outcome of a ridge probe: the alpha chosen on the validation part, the validation Spearman ρ
 * of every alpha tried (in grid order) and the model fitted on the train part with the chosen alpha.
 */
public record RidgeFit(double chosenAlpha, List<AlphaScore> validationScores, RidgeModel model) {
    public RidgeFit {
        validationScores = List.copyOf(validationScores);
    }
}
