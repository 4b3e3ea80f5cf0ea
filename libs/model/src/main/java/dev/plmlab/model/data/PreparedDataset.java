package dev.plmlab.model.data;

import dev.plmlab.model.catalog.TaskType;
import java.util.List;

/**
 * A task's data after checking and normalising, as dataset-prep stores it: what every later
 * stage reads. The validation part is carved out of train by the source's own flag.
 *
 * @param classes classification: the class names, fitted once over all parts, index = class id
 *                ({@link Example#target()}); per-residue: the label letters, index = class id; empty for
 *                regression
 */
public record PreparedDataset(String task, String split, TaskType type, List<String> classes, List<Example> train,
                              List<Example> val, List<Example> test) {

    /** The parts in storage order; embeddings are stored per part under the same names. */
    public static final List<String> PARTS = List.of("train", "val", "test");

    public PreparedDataset {
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    /** A regression dataset (no classes). */
    public PreparedDataset(String task, String split, TaskType type, List<Example> train, List<Example> val,
                           List<Example> test) {
        this(task, split, type, List.of(), train, val, test);
    }

    public List<Example> part(String name) {
        return switch (name) {
            case "train" -> train;
            case "val" -> val;
            case "test" -> test;
            default -> throw new IllegalArgumentException("no dataset part '" + name + "' (parts: " + PARTS + ")");
        };
    }
}
