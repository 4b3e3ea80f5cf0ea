package dev.plmlab.model.spec;

import java.util.List;

/**
 * What happens to a model's weights before features are extracted.
 * Written in specs as {@code pretrained}, {@code random-init}, {@code random-init/reference},
 * {@code stat-transfer/permute} or {@code stat-transfer/resample}.
 */
public enum Variant {
    PRETRAINED("pretrained", false),
    /** Every parameter re-initialised with the framework defaults. */
    RANDOM_INIT("random-init", true),
    /** The reference study's partial reset: LayerNorm weights and token embeddings stay pretrained. */
    RANDOM_INIT_REFERENCE("random-init/reference", true),
    /** Entries permuted within each tensor, as the reference code does. */
    STAT_TRANSFER_PERMUTE("stat-transfer/permute", true),
    /** Each tensor resampled from a normal with its own mean and std, as the reference docstrings describe. */
    STAT_TRANSFER_RESAMPLE("stat-transfer/resample", true);

    private final String specName;
    private final boolean seeded;

    Variant(String specName, boolean seeded) {
        this.specName = specName;
        this.seeded = seeded;
    }

    public String specName() {
        return specName;
    }

    /** Whether the variant draws random numbers, so that seeds matter. */
    public boolean seeded() {
        return seeded;
    }

    public static Variant fromSpecName(String name) {
        for (Variant v : values()) {
            if (v.specName.equals(name)) {
                return v;
            }
        }
        return null;
    }

    public static List<String> specNames() {
        return java.util.Arrays.stream(values()).map(Variant::specName).toList();
    }
}
