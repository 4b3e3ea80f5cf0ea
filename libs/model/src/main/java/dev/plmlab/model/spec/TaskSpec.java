package dev.plmlab.model.spec;

import dev.plmlab.model.catalog.TaskType;
import java.util.Map;

/**
 * A downstream task: either a known benchmark split ({@code dataset} + {@code split}) or the
 * user's own file ({@code file} or {@code url} + {@code sha256}) with its columns named.
 *
 * @param name        unique within the experiment; defaults to {@code dataset/split}
 * @param columns     for user files: {@code sequence, target, set, validation} → column name
 * @param maxResidues residues kept from the start of each sequence; 0 keeps all
 */
public record TaskSpec(
        String name,
        String dataset,
        String split,
        String file,
        String url,
        String sha256,
        Map<String, String> columns,
        TaskType type,
        int maxResidues) {

    public boolean isKnownDataset() {
        return dataset != null;
    }
}
