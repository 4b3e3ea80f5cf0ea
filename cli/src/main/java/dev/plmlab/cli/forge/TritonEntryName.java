package dev.plmlab.cli.forge;

import dev.plmlab.model.spec.Variant;

/**
 * The Triton model name of a forged (model, variant, seed): {@code <model>} for pretrained weights,
 * {@code <model>__<variant>__s<seed>} otherwise, with the variant's '/' written '-'
 * (e.g. {@code esm2_t6_8M_UR50D__stat-transfer-permute__s42}). Triton names may hold only letters, digits,
 * '_', '.' and '-', so any other character of the model name (the '@' of {@code carp_38M@0.25}) becomes '_'.
 */
public final class TritonEntryName {

    static final String SEPARATOR = "__";

    private TritonEntryName() {
    }

    public static String of(String model, Variant variant, long seed) {
        String base = model.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (!variant.seeded()) {
            return base;
        }
        return base + SEPARATOR + variant.specName().replace('/', '-') + SEPARATOR + "s" + seed;
    }
}
