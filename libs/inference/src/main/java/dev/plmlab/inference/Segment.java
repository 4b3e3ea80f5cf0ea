package dev.plmlab.inference;

/**
 * A piece of a sequence that the model sees as one input: its residue tokens (no start/stop tokens) and,
 * for each, the 0-based position of that residue in the original sequence.
 */
public record Segment(long[] residues, int[] positions) {

    public Segment {
        if (residues.length != positions.length) {
            throw new IllegalArgumentException(residues.length + " residues but " + positions.length + " positions");
        }
    }

    /** Residues {@code from .. to-1} of a sequence, contiguous. */
    public static Segment range(long[] sequence, int from, int to) {
        long[] residues = java.util.Arrays.copyOfRange(sequence, from, to);
        int[] positions = java.util.stream.IntStream.range(from, to).toArray();
        return new Segment(residues, positions);
    }

    public int length() {
        return residues.length;
    }
}
