package dev.plmlab.model.spec;

import dev.plmlab.model.catalog.TaskType;
import java.util.Map;

/**
 * A downstream task: either a known benchmark split ({@code dataset} + {@code split}) or the
 * user's own file ({@code file} or {@code url} + {@code sha256}) with its columns named.
 *
 * @param name        unique within the experiment; defaults to {@code dataset/split}
 * @param file        the user's CSV, or for FLIP's per-residue FASTA layout the labels FASTA
 *                    ({@code >id SET=train|test VALIDATION=True|False}, then one label letter per residue)
 * @param columns     for user CSVs: {@code sequence, target, set, validation, labels} → column name
 * @param maxResidues residues kept from the start of each sequence; 0 keeps all
 * @param sequences   FASTA layout: the sequences FASTA (same ids as {@code file}); null for CSVs
 * @param mask        FASTA layout, optional: a FASTA of one '1' (score) or '0' per residue
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
        int maxResidues,
        String sequences,
        String mask) {

    public TaskSpec(String name, String dataset, String split, String file, String url, String sha256,
                    Map<String, String> columns, TaskType type, int maxResidues) {
        this(name, dataset, split, file, url, sha256, columns, type, maxResidues, null, null);
    }

    public boolean isKnownDataset() {
        return dataset != null;
    }

    /** FLIP's per-residue FASTA layout: labels in {@code file}, residues in {@code sequences}. */
    public boolean isFastaLayout() {
        return sequences != null;
    }
}
