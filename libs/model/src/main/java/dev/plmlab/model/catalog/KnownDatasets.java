package dev.plmlab.model.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The benchmark datasets of FLIP and TAPE that a spec may name. */
public final class KnownDatasets {

    private static final Map<String, KnownDataset> BY_NAME = new LinkedHashMap<>();

    static {
        add(new KnownDataset("gb1",
                List.of("sampled", "low_vs_high", "two_vs_rest", "one_vs_rest", "three_vs_rest"),
                TaskType.REGRESSION, 56));
        add(new KnownDataset("aav",
                List.of("one_vs_many", "two_vs_many", "des_mut", "mut_des", "seven_vs_many", "low_vs_high", "sampled"),
                TaskType.REGRESSION, 0));
        add(new KnownDataset("meltome", List.of("mixed_split", "human", "human_cell"), TaskType.REGRESSION, 0));
        add(new KnownDataset("scl",
                List.of("balanced", "mixed_soft", "mixed_hard", "human_soft", "human_hard"),
                TaskType.CLASSIFICATION, 0));
        add(new KnownDataset("ss3", List.of("sampled", "cb513", "ts115", "casp12"),
                TaskType.PER_RESIDUE_CLASSIFICATION, 0));
        add(new KnownDataset("ss8", List.of("cb513", "ts115", "casp12"), TaskType.PER_RESIDUE_CLASSIFICATION, 0));
        add(new KnownDataset("fluorescence", List.of("tape"), TaskType.REGRESSION, 0));
        add(new KnownDataset("stability", List.of("tape"), TaskType.REGRESSION, 0));
    }

    private KnownDatasets() {
    }

    private static void add(KnownDataset dataset) {
        BY_NAME.put(dataset.name(), dataset);
    }

    public static Optional<KnownDataset> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
