package dev.plmlab.inference;

import java.util.Map;

/**
 * One input sequence's embedding.
 *
 * @param pooled           [L+1][D]: every layer mean-pooled over the residues (see {@link WindowPooling}
 *                         for sequences embedded in several segments)
 * @param perResidue       per requested layer, [R][D] states of the embedded residues (start/stop tokens
 *                         excluded); empty when no layers were requested
 * @param residuePositions the R original 0-based residue positions the per-residue rows belong to: all of
 *                         them, except where truncation dropped some
 * @param segments         how many model inputs the sequence took (1 unless it used sliding windows)
 */
public record SequenceEmbedding(float[][] pooled, Map<Integer, float[][]> perResidue, int[] residuePositions,
                                int segments) {

    public SequenceEmbedding {
        perResidue = Map.copyOf(perResidue);
    }
}
