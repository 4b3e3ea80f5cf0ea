package dev.plmlab.model.data;

/** Array names inside an embeddings .npz; the embedder writes them and the probe trainer reads them. */
public final class FeatureNames {

    private FeatureNames() {
    }

    /** Pooled features of one dataset part at one layer, {@code [n, D]}. */
    public static String pooled(String part, int layer) {
        return part + "_layer" + layer;
    }
}
