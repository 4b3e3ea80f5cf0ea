package dev.plmlab.forge.tokens;

/**
 * A right-padded batch of token ids, as the reference batch converters produce it.
 *
 * @param tokens  {@code [B][T]} ids; T = longest sequence + start/stop tokens of the family
 * @param lengths residues per sequence (a written {@code <mask>} or {@code #} counts as one), excluding
 *                start/stop tokens and pads
 */
public record TokenBatch(long[][] tokens, int[] lengths) {

    public int batchSize() {
        return tokens.length;
    }

    /** T, the padded width (0 for an empty batch). */
    public int width() {
        return tokens.length == 0 ? 0 : tokens[0].length;
    }
}
