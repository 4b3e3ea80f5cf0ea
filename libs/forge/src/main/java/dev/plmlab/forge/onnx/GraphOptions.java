package dev.plmlab.forge.onnx;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What an exported graph computes besides the always-present {@code mean} output.
 *
 * @param hiddenLayers layers (0 = embeddings .. L = last) whose per-token states are output as
 *                     {@code hidden_<k>}; sorted and de-duplicated on construction
 * @param logits       also output {@code logits} [B, T, V]
 * @param fp16Weights  store weights as float16 (half the file size); arithmetic stays float32
 * @param fp16Outputs  cast every float output to float16 (half the transfer size)
 */
public record GraphOptions(List<Integer> hiddenLayers, boolean logits, boolean fp16Weights, boolean fp16Outputs) {

    public GraphOptions {
        for (Integer layer : hiddenLayers) {
            if (layer == null || layer < 0) {
                throw new IllegalArgumentException("hidden layer indices must be >= 0, got " + hiddenLayers);
            }
        }
        hiddenLayers = List.copyOf(new TreeSet<>(hiddenLayers));
    }

    /** Mean-pooled layers only: no per-token states, no logits, float32 throughout. */
    public static GraphOptions defaults() {
        return new GraphOptions(List.of(), false, false, false);
    }

    public GraphOptions withHiddenLayers(Collection<Integer> layers) {
        return new GraphOptions(List.copyOf(layers), logits, fp16Weights, fp16Outputs);
    }

    /** Per-token states for every layer 0 .. numLayers. */
    public GraphOptions withAllHiddenLayers(int numLayers) {
        return withHiddenLayers(IntStream.rangeClosed(0, numLayers).boxed().toList());
    }

    public GraphOptions withLogits(boolean enabled) {
        return new GraphOptions(hiddenLayers, enabled, fp16Weights, fp16Outputs);
    }

    public GraphOptions withFp16Weights(boolean enabled) {
        return new GraphOptions(hiddenLayers, logits, enabled, fp16Outputs);
    }

    public GraphOptions withFp16Outputs(boolean enabled) {
        return new GraphOptions(hiddenLayers, logits, fp16Weights, enabled);
    }
}
