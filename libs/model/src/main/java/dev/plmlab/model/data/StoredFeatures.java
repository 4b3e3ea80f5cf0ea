package dev.plmlab.model.data;

import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import java.util.List;
import java.util.Map;

/**
 * The manifest of one embedding job's stored features ({@link dev.plmlab.model.ObjectKeys#embeddingManifest}),
 * written after every layer object: a reader learns from it what exists without listing the store.
 *
 * @param modelId     the forged model's content id (checkpoint sha256, variant, seed, forge version);
 *                    {@code onehot} for one-hot features
 * @param layers      the layers stored, each as one object per part
 * @param pooling     {@link Pooling#MEAN}: {@code [n, D]} per layer; {@link Pooling#NONE}: {@code [R, D]} plus offsets
 * @param width       D, the values per row
 * @param sequences   n per part
 * @param rows        rows per part: n when pooled, R (residues) per residue
 * @param layerBytes  size of one layer object per part, in bytes
 * @param longSequences the policy applied to sequences over {@code residueLimit} (null in version-1 manifests:
 *                    nothing recorded, so a reader must find every residue stored)
 * @param residueLimit the residues a sequence may have before the policy applies
 * @param cutSequences per part, how many sequences lost residues to the policy (their per-residue labels are
 *                    cut by the same rule, {@link LongSequencePolicy#keptPositions})
 * @param residuesAsX one-hot only: per part, residues encoded as X for want of a column of their own (Z, O, J);
 *                    null for PLM features
 */
public record StoredFeatures(int version, String featuresId, String modelId, List<Integer> layers, Pooling pooling,
                             Precision precision, int width, Map<String, Long> sequences, Map<String, Long> rows,
                             Map<String, Long> layerBytes, LongSequencePolicy longSequences, int residueLimit,
                             Map<String, Long> cutSequences, Map<String, Long> residuesAsX) {

    public static final int VERSION = 2;

    /** The positions of a sequence of {@code length} residues that its stored rows hold, in order. */
    public int[] keptPositions(int length) {
        return longSequences == null ? java.util.stream.IntStream.range(0, length).toArray()
                : longSequences.keptPositions(length, residueLimit);
    }
}
