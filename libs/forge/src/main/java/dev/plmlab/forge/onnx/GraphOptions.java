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
 * @param everyLayer   output {@code hidden_<k>} for every layer k = 0..L of whatever checkpoint is forged
 *                     (in addition to {@code hiddenLayers}); what {@link #forged()} asks for
 */
public record GraphOptions(List<Integer> hiddenLayers, boolean logits, boolean fp16Weights, boolean fp16Outputs,
                           boolean everyLayer) {

    public GraphOptions {
        for (Integer layer : hiddenLayers) {
            if (layer == null || layer < 0) {
                throw new IllegalArgumentException("hidden layer indices must be >= 0, got " + hiddenLayers);
            }
        }
        hiddenLayers = List.copyOf(new TreeSet<>(hiddenLayers));
    }

    public GraphOptions(List<Integer> hiddenLayers, boolean logits, boolean fp16Weights, boolean fp16Outputs) {
        this(hiddenLayers, logits, fp16Weights, fp16Outputs, false);
    }

    /** Mean-pooled layers only: no per-token states, no logits, float32 throughout. */
    public static GraphOptions defaults() {
        return new GraphOptions(List.of(), false, false, false, false);
    }

    /**
     * What {@link dev.plmlab.forge.ModelForge} forges by default: {@code mean} and the per-token states
     * {@code hidden_0 .. hidden_L} of every layer (ORT and Triton compute only the outputs a request names,
     * so the extra outputs cost nothing when only {@code mean} is asked for), float32, no logits.
     */
    public static GraphOptions forged() {
        return defaults().withEveryLayer(true);
    }

    public GraphOptions withHiddenLayers(Collection<Integer> layers) {
        return new GraphOptions(List.copyOf(layers), logits, fp16Weights, fp16Outputs, everyLayer);
    }

    /** Per-token states for every layer 0 .. numLayers. */
    public GraphOptions withAllHiddenLayers(int numLayers) {
        return withHiddenLayers(IntStream.rangeClosed(0, numLayers).boxed().toList());
    }

    /** Per-token states for every layer of the checkpoint forged, whatever its depth. */
    public GraphOptions withEveryLayer(boolean enabled) {
        return new GraphOptions(hiddenLayers, logits, fp16Weights, fp16Outputs, enabled);
    }

    public GraphOptions withLogits(boolean enabled) {
        return new GraphOptions(hiddenLayers, enabled, fp16Weights, fp16Outputs, everyLayer);
    }

    public GraphOptions withFp16Weights(boolean enabled) {
        return new GraphOptions(hiddenLayers, logits, enabled, fp16Outputs, everyLayer);
    }

    public GraphOptions withFp16Outputs(boolean enabled) {
        return new GraphOptions(hiddenLayers, logits, fp16Weights, enabled, everyLayer);
    }

    /** The layers whose {@code hidden_<k>} a graph of {@code numLayers} blocks outputs, ascending. */
    public List<Integer> hiddenLayersOf(int numLayers) {
        if (!everyLayer) {
            return hiddenLayers;
        }
        TreeSet<Integer> layers = new TreeSet<>(hiddenLayers);
        IntStream.rangeClosed(0, numLayers).forEach(layers::add);
        return List.copyOf(layers);
    }
}
