package dev.plmlab.model.spec;

import dev.plmlab.model.catalog.TaskType;
import java.util.List;
import java.util.Map;

/**
 * A probe trained on the features of one layer.
 *
 * @param type   ridge, linear, mlp or cnn
 * @param alphas ridge only: the regularisation grid searched on the validation split
 * @param params other hyperparameters as written in the spec (learning rate, epochs, patience, hidden size,
 *               architecture ...); what is left out takes the probe's documented default (libs/science)
 */
public record ProbeSpec(String type, List<Double> alphas, Map<String, Object> params) {

    public static final List<String> TYPES = List.of("ridge", "linear", "mlp", "cnn");

    /** The reference's grid, {@code logspace(-3, 1, 5)}. */
    public static final List<Double> DEFAULT_ALPHAS = List.of(1e-3, 1e-2, 1e-1, 1.0, 10.0);

    /** The CNN baselines by name (Shanehsazzadeh et al.; {@code flip} is FLIP's linear-maxpool with early stopping). */
    public static final List<String> CNN_ARCHITECTURES = List.of("maxpool", "linear-maxpool", "3-maxpool", "3-dilated", "flip");

    /** Whether this probe can be trained for a task of this type. */
    public boolean fits(TaskType task) {
        return switch (type) {
            case "ridge", "cnn" -> task == TaskType.REGRESSION;
            default -> true;
        };
    }

    /** The CNN baselines learn from the residues themselves, so they pair only with one-hot models. */
    public boolean needsOneHot() {
        return type.equals("cnn");
    }

    /** Ridge is deterministic, so extra seeds would only repeat it. */
    public boolean seeded() {
        return !type.equals("ridge");
    }

    /** The task types this probe fits, as written in specs. */
    public String fitsDescription() {
        return switch (type) {
            case "ridge", "cnn" -> "regression tasks";
            default -> "regression, classification and per-residue-classification tasks";
        };
    }
}
