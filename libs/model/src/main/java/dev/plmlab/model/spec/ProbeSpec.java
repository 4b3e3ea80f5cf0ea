package dev.plmlab.model.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.plmlab.model.catalog.TaskType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A probe trained on the features of one layer.
 *
 * <p>Every probe job's id hashes this record as JSON ({@code GridPlanner.probeJobs}). {@code taskTypes} is never
 * written to JSON: it decides which tasks the planner pairs the probe with, not what a probe job computes, so a
 * probe serialises (and its jobs are named) exactly as before the field existed, with or without it, and stored
 * results are found again. Specs are always read from their text, never from this JSON.
 *
 * @param type      ridge, linear, mlp or cnn
 * @param alphas    ridge only: the regularisation grid searched on the validation split
 * @param params    other hyperparameters as written in the spec (learning rate, epochs, patience, hidden size,
 *                  architecture ...); what is left out takes the probe's documented default (libs/science)
 * @param taskTypes the task types this probe runs on (spec: {@code task_types}), each one it fits, in
 *                  {@link TaskType} order; null: every task it fits
 */
public record ProbeSpec(String type, List<Double> alphas, Map<String, Object> params,
                        @JsonIgnore List<TaskType> taskTypes) {

    public static final List<String> TYPES = List.of("ridge", "linear", "mlp", "cnn");

    /** The reference's grid, {@code logspace(-3, 1, 5)}. */
    public static final List<Double> DEFAULT_ALPHAS = List.of(1e-3, 1e-2, 1e-1, 1.0, 10.0);

    /** The CNN baselines by name (Shanehsazzadeh et al.; {@code flip} is FLIP's linear-maxpool with early stopping). */
    public static final List<String> CNN_ARCHITECTURES = List.of("maxpool", "linear-maxpool", "3-maxpool", "3-dilated", "flip");

    public ProbeSpec {
        taskTypes = taskTypes == null ? null : List.copyOf(taskTypes);
    }

    /** A probe that runs on every task it fits. */
    public ProbeSpec(String type, List<Double> alphas, Map<String, Object> params) {
        this(type, alphas, params, null);
    }

    /** Whether this probe runs for a task of this type: one its kind can be trained for, and in its task_types. */
    public boolean fits(TaskType task) {
        boolean kind = switch (type) {
            case "ridge", "cnn" -> task == TaskType.REGRESSION;
            default -> true;
        };
        return kind && (taskTypes == null || taskTypes.contains(task));
    }

    /** The CNN baselines learn from the residues themselves, so they pair only with one-hot models. */
    public boolean needsOneHot() {
        return type.equals("cnn");
    }

    /** Ridge is deterministic, so extra seeds would only repeat it. */
    public boolean seeded() {
        return !type.equals("ridge");
    }

    /** The task types this probe runs on, as written in specs. */
    public String fitsDescription() {
        if (taskTypes != null) {
            return taskTypes.stream().map(TaskType::specName).collect(Collectors.joining(", "))
                    + " tasks (its task_types)";
        }
        return switch (type) {
            case "ridge", "cnn" -> "regression tasks";
            default -> "regression, classification and per-residue-classification tasks";
        };
    }
}
