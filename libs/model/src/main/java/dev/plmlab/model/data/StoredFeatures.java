package dev.plmlab.model.data;

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
 */
public record StoredFeatures(int version, String featuresId, String modelId, List<Integer> layers, Pooling pooling,
                             Precision precision, int width, Map<String, Long> sequences, Map<String, Long> rows,
                             Map<String, Long> layerBytes) {

    public static final int VERSION = 1;
}
