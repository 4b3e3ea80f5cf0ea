package dev.plmlab.probetrainer;

import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.StoredFeatures;
import java.util.Arrays;
import java.util.List;

/**
 * The residues of one part that a per-residue probe trains on or is scored on: those the stored features
 * hold (the long-sequence policy's {@link StoredFeatures#keptPositions kept positions}, so labels are cut
 * exactly as the features were), whose mask says score and whose label is a known class. Residues of all
 * proteins are pooled; {@link #protein} keeps which protein each came from, for bootstrap intervals that
 * resample proteins.
 *
 * @param rows    for each scored residue, its row in the part's layer object
 * @param labels  its class index
 * @param protein the index of its protein in the part
 */
record ScoredResidues(int[] rows, int[] labels, int[] protein, int proteins) {

    static ScoredResidues of(String part, List<Example> examples, long[] offsets, StoredFeatures manifest,
                             List<String> classes) {
        if (offsets.length != examples.size() + 1) {
            throw new IllegalStateException("part " + part + ": the features hold offsets for " + (offsets.length - 1)
                    + " sequences, the dataset has " + examples.size());
        }
        int[] classOf = new int[Character.MAX_VALUE + 1];
        Arrays.fill(classOf, -1);
        for (int c = 0; c < classes.size(); c++) {
            if (classes.get(c).length() != 1) {
                throw new IllegalStateException("per-residue classes must be single letters, got '" + classes.get(c) + "'");
            }
            classOf[classes.get(c).charAt(0)] = c;
        }
        IntList rows = new IntList();
        IntList labels = new IntList();
        IntList protein = new IntList();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            String name = e.id() != null ? e.id() : part + " sequence " + (i + 1);
            if (e.labels() == null || e.labels().length() != e.sequence().length()) {
                throw new IllegalStateException(name + ": " + (e.labels() == null ? "no per-residue labels"
                        : e.labels().length() + " labels for " + e.sequence().length() + " residues"));
            }
            int[] kept = manifest.keptPositions(e.sequence().length());
            long stored = offsets[i + 1] - offsets[i];
            if (stored != kept.length) {
                throw new IllegalStateException(name + ": the features hold " + stored + " residues, but " + kept.length
                        + " of its " + e.sequence().length() + " are kept under " + manifest.longSequences()
                        + " (limit " + manifest.residueLimit() + ")");
            }
            for (int j = 0; j < kept.length; j++) {
                int position = kept[j];
                int label = classOf[e.labels().charAt(position)];
                if (label >= 0 && e.scored(position)) {
                    rows.add(Math.toIntExact(offsets[i] + j));
                    labels.add(label);
                    protein.add(i);
                }
            }
        }
        return new ScoredResidues(rows.toArray(), labels.toArray(), protein.toArray(), examples.size());
    }

    int size() {
        return rows.length;
    }

    /** The residues, as indices into {@link #rows}, of the given proteins (with repeats, for bootstrap resamples). */
    int[] residuesOf(int[] proteins, int[][] byProtein) {
        int total = 0;
        for (int p : proteins) {
            total += byProtein[p].length;
        }
        int[] out = new int[total];
        int k = 0;
        for (int p : proteins) {
            System.arraycopy(byProtein[p], 0, out, k, byProtein[p].length);
            k += byProtein[p].length;
        }
        return out;
    }

    /** For each protein, the indices (into {@link #rows}) of its scored residues. */
    int[][] byProtein() {
        int[] counts = new int[proteins];
        for (int p : protein) {
            counts[p]++;
        }
        int[][] out = new int[proteins][];
        for (int p = 0; p < proteins; p++) {
            out[p] = new int[counts[p]];
        }
        int[] filled = new int[proteins];
        for (int r = 0; r < protein.length; r++) {
            out[protein[r]][filled[protein[r]]++] = r;
        }
        return out;
    }

    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
