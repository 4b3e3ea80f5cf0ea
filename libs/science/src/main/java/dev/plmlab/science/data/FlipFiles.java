package dev.plmlab.science.data;

import java.net.URI;
import java.util.List;

/**
 * The FLIP files plmlab uses, each pinned to a commit of github.com/J-SNACKKB/FLIP.
 *
 * <ul>
 *   <li>gb1, secondary structure: the commits and sha256 of shared/data/README.md;</li>
 *   <li>aav, meltome: commit {@value #PEER_COMMIT}, whose zips PEER publishes md5s for (the aav
 *       and meltome zips are the same blobs up to commit {@value #GB1_COMMIT});</li>
 *   <li>scl: commit {@value #GB1_COMMIT}; no checksum is published, so the lock file keeps it.</li>
 * </ul>
 * Every zip holds one CSV per split at {@code splits/<split>.csv} (columns
 * {@code sequence,target,set,validation}), as FLIP's collect_splits notebooks write them; the
 * secondary-structure zip holds FASTA files instead ({@link #SECONDARY_STRUCTURE_SEQUENCES} …).
 */
public final class FlipFiles {
    public static final String GB1_COMMIT = "72cce72469998196c191c78f2924767c9e7ab45e";
    /** The commit PEER's loaders pin, with published md5s for aav, gb1 and meltome. */
    public static final String PEER_COMMIT = "d5c35cc716ca93c3c74a0b43eef5b60cbf88521f";
    public static final String SECONDARY_STRUCTURE_COMMIT = "afea570175d6ce049ca9388f870a6a20c549948f";

    public static final PinnedFile GB1_SPLITS = new PinnedFile("flip/gb1/splits.zip", url(GB1_COMMIT, "gb1"),
            "00a3c3d5be56ce35adfbec838db8ff549be369525e151a6978133da34b9fd86f");
    public static final PinnedFile AAV_SPLITS = PinnedFile.withMd5("flip/aav/splits.zip", url(PEER_COMMIT, "aav"),
            "cabdd41f3386f4949b32ca220db55c58");
    public static final PinnedFile MELTOME_SPLITS = PinnedFile.withMd5("flip/meltome/splits.zip",
            url(PEER_COMMIT, "meltome"), "0f8b1e848568f7566713d53594c0ca90");
    public static final PinnedFile SCL_SPLITS = PinnedFile.locked("flip/scl/splits.zip", url(GB1_COMMIT, "scl"));
    public static final PinnedFile SECONDARY_STRUCTURE_SPLITS = new PinnedFile("flip/secondary_structure/splits.zip",
            url(SECONDARY_STRUCTURE_COMMIT, "secondary_structure"),
            "2e9bbbfd18a055bcac7edd4e059a6bf4bb35ca3ad8f8fa4fc3106422652a4726");

    /** GB1 split names held in {@link #GB1_SPLITS}. */
    public static final List<String> GB1_SPLIT_NAMES =
            List.of("sampled", "low_vs_high", "two_vs_rest", "one_vs_rest", "three_vs_rest");
    public static final List<String> AAV_SPLIT_NAMES = List.of("one_vs_many", "two_vs_many", "seven_vs_many",
            "low_vs_high", "sampled", "des_mut", "mut_des");
    /** Meltome's {@code mixed} split is stored as {@code mixed_split.csv}, and named so here. */
    public static final List<String> MELTOME_SPLIT_NAMES = List.of("mixed_split", "human", "human_cell");
    public static final List<String> SCL_SPLIT_NAMES =
            List.of("balanced", "mixed_soft", "mixed_hard", "human_soft", "human_hard");

    /** Entries of the secondary-structure zip: residues, H/E/C labels with SET/VALIDATION, 0/1 mask. */
    public static final String SECONDARY_STRUCTURE_SEQUENCES = "splits/sequences.fasta";
    public static final String SECONDARY_STRUCTURE_LABELS = "splits/sampled.fasta";
    public static final String SECONDARY_STRUCTURE_MASK = "splits/mask.fasta";

    /**
     * GB1 runs use only the first 56 residues of the 265-residue fusion sequence, as the
     * reference does.
     */
    public static final int GB1_RESIDUES_USED = 56;

    private FlipFiles() {
    }

    /** Zip entry of a GB1 split's CSV, e.g. {@code splits/sampled.csv}. */
    public static String gb1SplitEntry(String split) {
        return splitEntry("gb1", GB1_SPLIT_NAMES, split);
    }

    /** Zip entry of a split's CSV in the named FLIP dataset's zip. */
    public static String splitEntry(String dataset, List<String> known, String split) {
        if (!known.contains(split)) {
            throw new IllegalArgumentException("unknown " + dataset + " split '" + split + "'; known: " + known);
        }
        return "splits/" + split + ".csv";
    }

    private static URI url(String commit, String dataset) {
        return URI.create("https://raw.githubusercontent.com/J-SNACKKB/FLIP/" + commit + "/splits/" + dataset + "/splits.zip");
    }
}
