package dev.plmlab.model.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The benchmark datasets of FLIP and TAPE that a spec may name. */
public final class KnownDatasets {

    private static final Map<String, KnownDataset> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, PublishedSize> SIZES = new LinkedHashMap<>();

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

        // sizes of SCIENCE.md (FLIP: train incl. validation + test; TAPE: train + valid + test)
        String flip = "FLIP's split sizes (SCIENCE.md)";
        for (String split : List.of("sampled", "low_vs_high", "two_vs_rest", "one_vs_rest", "three_vs_rest")) {
            size("gb1", split, new PublishedSize(8_733, 56, 0, flip + "; the 56 residues GB1 keeps"));
        }
        String vp1 = flip + "; length of the full VP1 (735 aa)";
        size("aav", "one_vs_many", new PublishedSize(1_170 + 81_413, 735, 0, vp1));
        size("aav", "two_vs_many", new PublishedSize(31_807 + 50_776, 735, 0, vp1));
        size("meltome", "mixed_split", new PublishedSize(27_951, 500, 0,
                flip + "; mean length assumed (~500), not measured"));
        size("scl", "balanced", new PublishedSize(11_566, 500, 10, flip + "; mean length assumed (~500), not measured"));
        // FLIP's NetSurfP split (shared/data/flip/secondary_structure) averages 255 residues over its 11,156 proteins;
        // TAPE's training set comes from the same NetSurfP-2.0 data
        String ss = "TAPE's sizes (train 8,678 + valid 2,170 + the test set); mean length of FLIP's NetSurfP split (255)";
        size("ss3", "cb513", new PublishedSize(8_678 + 2_170 + 513, 255, 3, ss));
        size("ss3", "ts115", new PublishedSize(8_678 + 2_170 + 115, 255, 3, ss));
        size("ss3", "casp12", new PublishedSize(8_678 + 2_170 + 21, 255, 3, ss));
        size("ss3", "sampled", new PublishedSize(9_712 + 1_080 + 364, 255, 3, flip + "; mean length 255"));
        for (String test : List.of("cb513", "ts115", "casp12")) {
            PublishedSize ss3 = SIZES.get("ss3/" + test);
            size("ss8", test, new PublishedSize(ss3.sequences(), ss3.meanLength(), 8, ss));
        }
        size("fluorescence", "tape", new PublishedSize(21_446 + 5_362 + 27_217, 237, 0, "TAPE's sizes; GFP length (237 aa)"));
        size("stability", "tape", new PublishedSize(53_571 + 2_512 + 12_851, 43, 0,
                "TAPE's sizes; length of the designed miniproteins (~43 aa)"));
    }

    /**
     * What a dataset's split is known to hold before plmlab has read it, for planning (sequences to embed,
     * storage): the published count over every part and a typical length. Estimates: the prepared dataset is
     * the exact answer.
     *
     * @param sequences  sequences over all parts (train, validation, test)
     * @param meanLength residues per sequence as the task keeps them (GB1: its 56)
     * @param classes    classes of a classification task, 0 for regression
     * @param basis      where the numbers come from
     */
    public record PublishedSize(int sequences, int meanLength, int classes, String basis) {
    }

    private static void size(String dataset, String split, PublishedSize size) {
        SIZES.put(dataset + "/" + split, size);
    }

    /** The published size of a known dataset's split, where plmlab knows one. */
    public static Optional<PublishedSize> publishedSize(String dataset, String split) {
        return Optional.ofNullable(SIZES.get(dataset + "/" + split));
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
