package dev.plmlab.science.probe;

import java.util.List;

/**
 * Outcome of a ridge probe: the alpha chosen on the validation part, the validation scores of
 * every alpha tried (in grid order), the model fitted on the train part with the chosen alpha,
 * and which rule chose it ({@link #RULE_SPEARMAN} normally; a fallback rule when validation
 * Spearman is undefined for every alpha, which a report must flag).
 */
public record RidgeFit(double chosenAlpha, List<AlphaScore> validationScores, RidgeModel model, String alphaRule) {
    public static final String RULE_SPEARMAN = "validation spearman";
    public static final String RULE_MSE_FALLBACK =
            "fallback: validation MSE (validation Spearman undefined for every alpha)";
    public static final String RULE_DEFAULT_FALLBACK =
            "fallback: default alpha (validation Spearman and MSE undefined for every alpha)";

    public RidgeFit {
        validationScores = List.copyOf(validationScores);
    }

    public RidgeFit(double chosenAlpha, List<AlphaScore> validationScores, RidgeModel model) {
        this(chosenAlpha, validationScores, model, RULE_SPEARMAN);
    }

    /** True when alpha was not chosen by validation Spearman. */
    public boolean fellBack() {
        return !RULE_SPEARMAN.equals(alphaRule);
    }
}
