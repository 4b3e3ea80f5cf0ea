package dev.plmlab.science.data;

import java.net.URI;
import java.util.List;

/**
 * The FLIP files plmlab uses, pinned to the FLIP repository commit and sha256 listed in
 * shared/data/README.md.
 */
public final class FlipFiles {
    public static final String GB1_COMMIT = "72cce72469998196c191c78f2924767c9e7ab45e";

    public static final PinnedFile GB1_SPLITS = new PinnedFile("flip/gb1/splits.zip",
            URI.create("https://raw.githubusercontent.com/J-SNACKKB/FLIP/" + GB1_COMMIT + "/splits/gb1/splits.zip"),
            "00a3c3d5be56ce35adfbec838db8ff549be369525e151a6978133da34b9fd86f");

    /** GB1 split names held in {@link #GB1_SPLITS}. */
    public static final List<String> GB1_SPLIT_NAMES =
            List.of("sampled", "low_vs_high", "two_vs_rest", "one_vs_rest", "three_vs_rest");

    /**
     * GB1 runs use only the first 56 residues of the 265-residue fusion sequence, as the
     * reference does.
     */
    public static final int GB1_RESIDUES_USED = 56;

    private FlipFiles() {
    }

    /** Zip entry of a GB1 split's CSV, e.g. {@code splits/sampled.csv}. */
    public static String gb1SplitEntry(String split) {
        if (!GB1_SPLIT_NAMES.contains(split)) {
            throw new IllegalArgumentException("unknown GB1 split '" + split + "'; known: " + GB1_SPLIT_NAMES);
        }
        return "splits/" + split + ".csv";
    }
}
