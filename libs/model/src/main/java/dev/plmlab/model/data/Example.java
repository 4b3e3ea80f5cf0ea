package dev.plmlab.model.data;

/**
 * One labelled sequence.
 *
 * @param id       the source's identifier (a FASTA header's first word), null where the source has none
 * @param target   the regression target, or the class index into {@link PreparedDataset#classes()} (null for
 *                 per-residue tasks)
 * @param labels   per-residue labels, one letter per residue (null for sequence-level tasks)
 * @param mask     per-residue: one '1' (scored) or '0' (not scored) per residue; null scores every residue
 */
public record Example(String id, String sequence, Double target, String labels, String mask) {

    public Example(String sequence, Double target, String labels) {
        this(null, sequence, target, labels, null);
    }

    /** Whether residue {@code i} (0-based) is scored. */
    public boolean scored(int i) {
        return mask == null || mask.charAt(i) == '1';
    }
}
