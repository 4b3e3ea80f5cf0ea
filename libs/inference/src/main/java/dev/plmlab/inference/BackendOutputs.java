package dev.plmlab.inference;

import java.util.Map;
import java.util.TreeMap;

/**
 * One batch's results from an {@link InferenceBackend}.
 *
 * @param mean   [B][L+1][D]: every layer mean-pooled over the real residues of each row
 * @param hidden per-token states [B][T][D] by layer, for the requested layers the model outputs
 *               (empty when none were requested)
 */
public record BackendOutputs(float[][][] mean, Map<Integer, float[][][]> hidden) {

    public BackendOutputs {
        if (mean == null) {
            throw new IllegalArgumentException("mean is required");
        }
        hidden = Map.copyOf(hidden);
        for (Map.Entry<Integer, float[][][]> e : hidden.entrySet()) {
            if (e.getValue().length != mean.length) {
                throw new IllegalArgumentException("hidden_" + e.getKey() + " has " + e.getValue().length
                        + " rows, mean has " + mean.length);
            }
        }
    }

    public int batchSize() {
        return mean.length;
    }

    /** Rows {@code from .. to-1} of every output. */
    public BackendOutputs rows(int from, int to) {
        Map<Integer, float[][][]> slicedHidden = new TreeMap<>();
        hidden.forEach((layer, states) -> slicedHidden.put(layer, java.util.Arrays.copyOfRange(states, from, to)));
        return new BackendOutputs(java.util.Arrays.copyOfRange(mean, from, to), slicedHidden);
    }

    /**
     * The rows of {@code first} followed by those of {@code second}: the result of running the two halves
     * of a split batch. Hidden states of the halves may differ in width T (each half is padded to its own
     * longest row); rows keep their own width.
     */
    public static BackendOutputs concat(BackendOutputs first, BackendOutputs second) {
        float[][][] mean = new float[first.mean.length + second.mean.length][][];
        System.arraycopy(first.mean, 0, mean, 0, first.mean.length);
        System.arraycopy(second.mean, 0, mean, first.mean.length, second.mean.length);
        Map<Integer, float[][][]> hidden = new TreeMap<>();
        for (Map.Entry<Integer, float[][][]> e : first.hidden.entrySet()) {
            float[][][] other = second.hidden.get(e.getKey());
            if (other == null) {
                continue; // a layer only one half has cannot be returned for the whole batch
            }
            float[][][] joined = new float[e.getValue().length + other.length][][];
            System.arraycopy(e.getValue(), 0, joined, 0, e.getValue().length);
            System.arraycopy(other, 0, joined, e.getValue().length, other.length);
            hidden.put(e.getKey(), joined);
        }
        return new BackendOutputs(mean, hidden);
    }
}
