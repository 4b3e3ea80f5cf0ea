package dev.plmlab.inference;

/** Counting and checking helpers for padded [B][T] token batches. */
public final class TokenBatches {

    private TokenBatches() {
    }

    /** B x T, the number of token positions the model computes (padding included). */
    public static long positions(long[][] tokens) {
        return tokens.length == 0 ? 0 : (long) tokens.length * tokens[0].length;
    }

    /** Flattens a batch row-major after checking that every row has the same width. */
    public static long[] flatten(long[][] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        int width = tokens[0].length;
        long[] flat = new long[tokens.length * width];
        for (int b = 0; b < tokens.length; b++) {
            if (tokens[b].length != width) {
                throw new IllegalArgumentException("row " + b + " has " + tokens[b].length + " tokens, row 0 has "
                        + width + ": pad the batch to one width");
            }
            System.arraycopy(tokens[b], 0, flat, b * width, width);
        }
        return flat;
    }
}
