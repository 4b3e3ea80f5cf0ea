package dev.plmlab.model.spec;

/** How per-token states become features. */
public enum Pooling {
    /** Mean over real residues: one vector per sequence. */
    MEAN,
    /** Per-residue states, for per-residue tasks. */
    NONE;

    public String specName() {
        return name().toLowerCase();
    }
}
