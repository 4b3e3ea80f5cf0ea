package dev.plmlab.forge.onnx;

import java.util.List;

/**
 * What a family builder hands back to {@link OnnxGraphs}: value names inside the graph.
 *
 * @param layers     per-token states [B, T, D] for layer 0 .. L, as the family's reference defines them
 * @param poolWeights float [B, T]: 1 at positions mean pooling covers, 0 elsewhere
 * @param logits     [B, T, V], or null when not requested
 * @param embedDim   D
 * @param vocabSize  V
 */
record EncoderGraph(List<String> layers, String poolWeights, String logits, int embedDim, int vocabSize) {
}
