package dev.plmlab.cli.embed;

import dev.plmlab.forge.onnx.EmbedderOutputs;
import dev.plmlab.store.NpyArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers batch outputs, which arrive in length order, into the arrays of embed's .npz in FASTA order:
 * {@code ids}; with mean pooling {@code layer<k>} [N, D]; without pooling {@code <i>_layer<k>} [len_i, D]
 * holding residue positions only (no start/stop tokens, no padding).
 */
public final class EmbeddingArrays {

    public static final String IDS = "ids";

    private final EncodedSequences sequences;
    private final List<Integer> layers;
    private final Pooling pooling;
    private final int firstResidue;
    private final boolean[] filled;
    private int dim = -1;
    /** mean pooling: per chosen layer, [N * D] row-major */
    private float[][] pooled;
    /** no pooling: per sequence, per chosen layer, [len * D] row-major */
    private final float[][][] perResidue;

    /**
     * @param layers       the layers to keep, in output order
     * @param firstResidue token position of the first residue (1 after an ESM {@code <cls>}, 0 for CARP)
     */
    public EmbeddingArrays(EncodedSequences sequences, List<Integer> layers, Pooling pooling, int firstResidue) {
        this.sequences = sequences;
        this.layers = List.copyOf(layers);
        this.pooling = pooling;
        this.firstResidue = firstResidue;
        this.filled = new boolean[sequences.size()];
        this.perResidue = pooling == Pooling.NONE ? new float[sequences.size()][][] : null;
    }

    /** Takes one batch's outputs; row b of {@code out} belongs to sequence {@code batch.get(b)}. */
    public void add(List<Integer> batch, EmbedderOutputs out) {
        for (int b = 0; b < batch.size(); b++) {
            int index = batch.get(b);
            if (pooling == Pooling.MEAN) {
                addPooled(index, out.mean()[b]);
            } else {
                addResidues(index, b, out);
            }
            filled[index] = true;
        }
    }

    private void addPooled(int index, float[][] meanByLayer) {
        if (pooled == null) {
            dim = meanByLayer[0].length;
            pooled = new float[layers.size()][sequences.size() * dim];
        }
        for (int l = 0; l < layers.size(); l++) {
            System.arraycopy(meanByLayer[layers.get(l)], 0, pooled[l], index * dim, dim);
        }
    }

    private void addResidues(int index, int row, EmbedderOutputs out) {
        int length = sequences.residues(index);
        float[][] byLayer = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            float[][] states = out.hidden().get(layers.get(l))[row];
            dim = states[0].length;
            float[] flat = new float[length * dim];
            for (int r = 0; r < length; r++) {
                System.arraycopy(states[firstResidue + r], 0, flat, r * dim, dim);
            }
            byLayer[l] = flat;
        }
        perResidue[index] = byLayer;
    }

    /** The arrays for {@code Npz.write}, ids first. */
    public Map<String, NpyArray> toNpz() {
        for (int i = 0; i < filled.length; i++) {
            if (!filled[i]) {
                throw new IllegalStateException("no output was collected for sequence #" + (i + 1) + " ('"
                        + sequences.record(i).id() + "')");
            }
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put(IDS, NpyArray.unicode(sequences.ids()));
        if (pooling == Pooling.MEAN) {
            for (int l = 0; l < layers.size(); l++) {
                arrays.put(pooledName(layers.get(l)), NpyArray.float32(pooled[l], sequences.size(), dim));
            }
        } else {
            for (int i = 0; i < sequences.size(); i++) {
                for (int l = 0; l < layers.size(); l++) {
                    arrays.put(residueName(i, layers.get(l)), NpyArray.float32(perResidue[i][l], sequences.residues(i), dim));
                }
            }
        }
        return arrays;
    }

    public static String pooledName(int layer) {
        return "layer" + layer;
    }

    public static String residueName(int sequenceIndex, int layer) {
        return sequenceIndex + "_layer" + layer;
    }
}
