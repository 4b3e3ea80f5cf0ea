package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Sequences as one-hot over 21 tokens, the 20 amino acids and a pad, channels first
 * ({@code batch × 21 × length}) as Conv1d reads them. Every position past a sequence's end is
 * the pad token, so max-pooling sees the same input length in training and prediction.
 */
final class OneHotSequences {
    static final String AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY";
    static final int TOKENS = 21;
    static final int PAD = 20;

    private final byte[][] tokens;

    private OneHotSequences(byte[][] tokens) {
        this.tokens = tokens;
    }

    /** Encodes and checks every letter; {@code part} names the list in the error. */
    static OneHotSequences of(String part, List<String> sequences) {
        byte[][] tokens = new byte[sequences.size()][];
        for (int i = 0; i < tokens.length; i++) {
            String s = sequences.get(i);
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException(part + " sequence " + i + " is empty");
            }
            tokens[i] = new byte[s.length()];
            for (int j = 0; j < s.length(); j++) {
                int index = AMINO_ACIDS.indexOf(s.charAt(j));
                if (index < 0) {
                    throw new IllegalArgumentException(part + " sequence " + i + ", position " + j + ": '"
                            + s.charAt(j) + "' is not one of the 20 amino acids " + AMINO_ACIDS);
                }
                tokens[i][j] = (byte) index;
            }
        }
        return new OneHotSequences(tokens);
    }

    int size() {
        return tokens.length;
    }

    int longest() {
        int longest = 0;
        for (byte[] t : tokens) {
            longest = Math.max(longest, t.length);
        }
        return longest;
    }

    /** Sequences {@code order[from..to)} padded to {@code length}. */
    NDArray load(NDManager manager, int[] order, int from, int to, int length) {
        int rows = to - from;
        float[] data = new float[Math.multiplyExact(rows, TOKENS * length)];
        for (int r = 0; r < rows; r++) {
            byte[] t = tokens[order[from + r]];
            int base = r * TOKENS * length;
            for (int p = 0; p < length; p++) {
                int token = p < t.length ? t[p] : PAD;
                data[base + token * length + p] = 1f;
            }
        }
        return Upload.floats(manager, data, new Shape(rows, TOKENS, length));
    }
}
