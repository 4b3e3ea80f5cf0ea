package dev.plmlab.science.onehot;

import java.util.List;

/**
 * One-hot encoding of protein sequences over the reference's 23-letter alphabet
 * {@value #ALPHABET}: the 20 standard amino acids, then B (Asx: D or N), X (unknown) and
 * U (selenocysteine), in exactly this column order.
 *
 * <p>Z (Glx), O (pyrrolysine) and J (Leu/Ile) have no column in the reference's alphabet. Real data holds
 * them (FLIP's secondary-structure split has a pyrrolysine), and a per-residue task cannot drop a residue
 * without misaligning its labels, so they are encoded as X, the unknown residue; {@link #aliasedToX} counts
 * them so that the features' manifest and the report can say so. Any other letter (lower case, gap, '*')
 * is rejected.
 *
 * <p>Sequence-level tasks use {@link #encodeFlat}: position-major rows
 * ({@code column = position * 23 + letter}) zero-padded to a fixed length (GB1: 56 × 23 =
 * 1288 features). Per-residue tasks use {@link #encodePerResidue}: one 23-wide row per residue.
 */
public final class OneHotEncoder {
    public static final String ALPHABET = "ACDEFGHIKLMNPQRSTVWYBXU";
    public static final int WIDTH = ALPHABET.length();

    /**
     * The residues one-hot features hold before the long-sequence policy applies: the reference pads its
     * flattened one-hot to 1022 × 23, ESM's residue limit.
     */
    public static final int RESIDUE_LIMIT = 1022;

    /** Letters with no column of their own, encoded as X. */
    public static final String ALIASED_TO_X = "ZOJ";

    private static final int[] COLUMN_OF = new int[128];

    static {
        java.util.Arrays.fill(COLUMN_OF, -1);
        for (int i = 0; i < WIDTH; i++) {
            COLUMN_OF[ALPHABET.charAt(i)] = i;
        }
        for (char letter : ALIASED_TO_X.toCharArray()) {
            COLUMN_OF[letter] = ALPHABET.indexOf('X');
        }
    }

    /** How many residues of these sequences are encoded as X for want of their own column (Z, O, J). */
    public static long aliasedToX(List<String> sequences) {
        long count = 0;
        for (String s : sequences) {
            for (int i = 0; i < s.length(); i++) {
                if (ALIASED_TO_X.indexOf(s.charAt(i)) >= 0) {
                    count++;
                }
            }
        }
        return count;
    }

    private OneHotEncoder() {
    }

    /** Column of a letter in {@link #ALPHABET}, or -1 when the letter is not in it. */
    public static int columnOf(char letter) {
        return letter < 128 ? COLUMN_OF[letter] : -1;
    }

    /**
     * Flattened, zero-padded one-hot rows, row-major: row i holds sequence i, its
     * {@code paddedLength * 23} columns being position-major. A sequence longer than
     * {@code paddedLength} is an error (truncation is a data decision the caller makes
     * explicitly, e.g. GB1's first 56 residues).
     *
     * @throws IllegalArgumentException naming the sequence index, 1-based position and letter
     */
    public static float[] encodeFlat(List<String> sequences, int paddedLength) {
        if (paddedLength < 1) {
            throw new IllegalArgumentException("padded length must be positive, got " + paddedLength);
        }
        int rowWidth = paddedLength * WIDTH;
        float[] out = new float[Math.multiplyExact(sequences.size(), rowWidth)];
        for (int i = 0; i < sequences.size(); i++) {
            String sequence = sequences.get(i);
            String name = "sequence #" + i;
            if (sequence.length() > paddedLength) {
                throw new IllegalArgumentException(name + " has " + sequence.length()
                        + " residues, more than the padded length " + paddedLength);
            }
            int rowStart = i * rowWidth;
            for (int position = 0; position < sequence.length(); position++) {
                out[rowStart + position * WIDTH + column(name, sequence, position)] = 1f;
            }
        }
        return out;
    }

    /** {@link #encodeFlat} as one array per sequence. */
    public static float[][] encodeFlatRows(List<String> sequences, int paddedLength) {
        float[] flat = encodeFlat(sequences, paddedLength);
        int rowWidth = paddedLength * WIDTH;
        float[][] rows = new float[sequences.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = java.util.Arrays.copyOfRange(flat, i * rowWidth, (i + 1) * rowWidth);
        }
        return rows;
    }

    /**
     * One 23-wide one-hot row per residue, for per-residue tasks.
     *
     * @param id names the sequence in error messages (an identifier or an index)
     * @throws IllegalArgumentException naming the id, 1-based position and letter
     */
    public static float[][] encodePerResidue(String id, String sequence) {
        float[][] rows = new float[sequence.length()][WIDTH];
        String name = "sequence " + id;
        for (int position = 0; position < sequence.length(); position++) {
            rows[position][column(name, sequence, position)] = 1f;
        }
        return rows;
    }

    /** {@link #encodePerResidue} of several sequences, their rows concatenated: {@code [sum of lengths, 23]}. */
    public static float[] encodeResidues(List<String> sequences) {
        long residues = 0;
        for (String s : sequences) {
            residues += s.length();
        }
        float[] out = new float[Math.multiplyExact(Math.toIntExact(residues), WIDTH)];
        int row = 0;
        for (int i = 0; i < sequences.size(); i++) {
            String sequence = sequences.get(i);
            for (int position = 0; position < sequence.length(); position++, row++) {
                out[row * WIDTH + column("sequence #" + i, sequence, position)] = 1f;
            }
        }
        return out;
    }

    private static int column(String name, String sequence, int position) {
        char letter = sequence.charAt(position);
        int column = columnOf(letter);
        if (column < 0) {
            throw new IllegalArgumentException(name + ": letter '" + letter + "' at position "
                    + (position + 1) + " is not in the one-hot alphabet " + ALPHABET
                    + (("ZOJ".indexOf(letter) >= 0)
                            ? " (Z, O and J have no column in the reference's one-hot encoding)" : ""));
        }
        return column;
    }
}
