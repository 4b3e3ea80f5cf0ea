package dev.plmlab.forge.onnx;

import java.util.Map;

/**
 * One batch's results from {@link OrtEmbedder}.
 *
 * @param mean   [B][L+1][D]: every layer mean-pooled over real residues
 * @param hidden per-token states [B][T][D] by layer, for the layers the graph outputs (may be empty)
 * @param logits [B][T][V], or null if the graph has no logits output
 */
public record EmbedderOutputs(float[][][] mean, Map<Integer, float[][][]> hidden, float[][][] logits) {

    public EmbedderOutputs {
        hidden = Map.copyOf(hidden);
    }
}
