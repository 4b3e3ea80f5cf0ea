package dev.plmlab.inference;

import dev.plmlab.forge.tokens.Alphabet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model-free backend with exactly predictable outputs, for the loop's bookkeeping: every residue token
 * (not start/stop/padding) at position t of a row contributes {@code token * t} to the row's checksum;
 * {@code mean[b][l][d] = checksum + l + d / 1000} and {@code hidden_k[b][t][d] = token + k * 100 + d / 1000}.
 * Records each batch's shape.
 */
final class SyntheticBackend implements InferenceBackend {

    private final Alphabet alphabet;
    private final int layers;
    private final int width;
    private final Set<Integer> hiddenLayers;
    private final boolean announcesShape;
    final List<long[]> batches = new ArrayList<>(); // {B, T}
    /** What {@link #outputShape()} says the backend computes whether asked or not. */
    int computedHiddenLayers;

    SyntheticBackend(Alphabet alphabet, int layers, int width, Set<Integer> hiddenLayers, boolean announcesShape) {
        this.alphabet = alphabet;
        this.layers = layers;
        this.width = width;
        this.hiddenLayers = Set.copyOf(hiddenLayers);
        this.announcesShape = announcesShape;
    }

    /** The checksum of a sequence's residue tokens framed as the ESM alphabet frames them (first residue at t = 1). */
    static float checksum(long[] residues, int firstPosition) {
        float sum = 0;
        for (int r = 0; r < residues.length; r++) {
            sum += residues[r] * (r + firstPosition);
        }
        return sum;
    }

    static float mean(float checksum, int layer, int d) {
        return checksum + layer + d / 1000f;
    }

    static float hidden(long token, int layer, int d) {
        return token + layer * 100 + d / 1000f;
    }

    @Override
    public synchronized BackendOutputs infer(long[][] tokens) {
        batches.add(new long[] {tokens.length, tokens[0].length});
        float[][][] mean = new float[tokens.length][layers][width];
        Map<Integer, float[][][]> hidden = new TreeMap<>();
        for (int k : hiddenLayers) {
            hidden.put(k, new float[tokens.length][tokens[0].length][width]);
        }
        for (int b = 0; b < tokens.length; b++) {
            float sum = 0;
            for (int t = 0; t < tokens[b].length; t++) {
                long token = tokens[b][t];
                boolean special = token == alphabet.paddingIndex()
                        || alphabet.clsIndex().isPresent() && token == alphabet.clsIndex().getAsInt()
                        || alphabet.eosIndex().isPresent() && token == alphabet.eosIndex().getAsInt();
                if (!special) {
                    sum += token * t;
                }
                for (int k : hiddenLayers) {
                    for (int d = 0; d < width; d++) {
                        hidden.get(k)[b][t][d] = hidden(token, k, d);
                    }
                }
            }
            for (int l = 0; l < layers; l++) {
                for (int d = 0; d < width; d++) {
                    mean[b][l][d] = mean(sum, l, d);
                }
            }
        }
        return new BackendOutputs(mean, hidden);
    }

    synchronized long maxPaddedTokensOfMultiRowBatches() {
        return batches.stream().filter(s -> s[0] > 1).mapToLong(s -> s[0] * s[1]).max().orElse(0);
    }

    synchronized long rows() {
        return batches.stream().mapToLong(s -> s[0]).sum();
    }

    @Override
    public Optional<OutputShape> outputShape() {
        return announcesShape ? Optional.of(new OutputShape(layers, width, computedHiddenLayers)) : Optional.empty();
    }

    @Override
    public String describe() {
        return "synthetic(" + layers + " x " + width + ")";
    }

    @Override
    public void close() {
    }
}
