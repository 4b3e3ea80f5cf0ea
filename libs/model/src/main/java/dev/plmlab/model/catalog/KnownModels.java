package dev.plmlab.model.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The model families and sizes of the Feature Reuse study. */
public final class KnownModels {

    private static final List<Double> FINAL_ONLY = List.of(1.0);
    private static final List<Double> CARP_CHECKPOINTS = List.of(0.125, 0.25, 0.5, 1.0);
    private static final Map<ModelFamily, Map<String, KnownModel>> BY_FAMILY = new LinkedHashMap<>();

    static {
        add(ModelFamily.ESM1, "t6_43M", "esm1_t6_43M_UR50S", 6, 768, FINAL_ONLY);
        add(ModelFamily.ESM1, "t12_85M", "esm1_t12_85M_UR50S", 12, 768, FINAL_ONLY);
        add(ModelFamily.ESM1, "t34_670M", "esm1_t34_670M_UR50S", 34, 1280, FINAL_ONLY);
        add(ModelFamily.ESM1B, "t33_650M", "esm1b_t33_650M_UR50S", 33, 1280, FINAL_ONLY);
        add(ModelFamily.ESM2, "t6_8M", "esm2_t6_8M_UR50D", 6, 320, FINAL_ONLY);
        add(ModelFamily.ESM2, "t12_35M", "esm2_t12_35M_UR50D", 12, 480, FINAL_ONLY);
        add(ModelFamily.ESM2, "t30_150M", "esm2_t30_150M_UR50D", 30, 640, FINAL_ONLY);
        add(ModelFamily.ESM2, "t33_650M", "esm2_t33_650M_UR50D", 33, 1280, FINAL_ONLY);
        add(ModelFamily.ESM2, "t36_3B", "esm2_t36_3B_UR50D", 36, 2560, FINAL_ONLY);
        add(ModelFamily.ESM2, "t48_15B", "esm2_t48_15B_UR50D", 48, 5120, FINAL_ONLY);
        add(ModelFamily.CARP, "600k", "carp_600k", 16, 128, CARP_CHECKPOINTS);
        add(ModelFamily.CARP, "38M", "carp_38M", 16, 1024, CARP_CHECKPOINTS);
        add(ModelFamily.CARP, "76M", "carp_76M", 32, 1024, CARP_CHECKPOINTS);
        add(ModelFamily.CARP, "640M", "carp_640M", 56, 1280, CARP_CHECKPOINTS);
    }

    private KnownModels() {
    }

    private static void add(ModelFamily family, String size, String official, int layers, int dim, List<Double> fractions) {
        BY_FAMILY.computeIfAbsent(family, f -> new LinkedHashMap<>())
                .put(size, new KnownModel(family, size, official, layers, dim, fractions));
    }

    /** The known sizes of a family (none for one-hot). */
    public static List<String> sizes(ModelFamily family) {
        return List.copyOf(BY_FAMILY.getOrDefault(family, Map.of()).keySet());
    }

    public static Optional<KnownModel> find(ModelFamily family, String size) {
        return Optional.ofNullable(BY_FAMILY.getOrDefault(family, Map.of()).get(size));
    }

    /** Every known model, family by family. */
    public static List<KnownModel> all() {
        return BY_FAMILY.values().stream().flatMap(sizes -> sizes.values().stream()).toList();
    }
}
