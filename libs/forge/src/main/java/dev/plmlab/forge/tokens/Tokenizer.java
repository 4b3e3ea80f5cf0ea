package dev.plmlab.forge.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import dev.plmlab.forge.checkpoint.Family;

/**
 * Turns protein sequences into the token ids the reference models were trained on.
 *
 * <ul>
 *   <li>ESM-1b / ESM-2 (fair-esm {@code BatchConverter}): {@code <cls>} + residues + {@code <eos>}, then
 *       {@code <pad>} to the right.</li>
 *   <li>ESM-1: {@code <cls>} + residues, no {@code <eos>}.</li>
 *   <li>CARP ({@code SimpleCollater}): residues only, padded with {@code -}.</li>
 * </ul>
 * Each character is one token, except that ESM sequences may contain a bracketed alphabet token such as
 * {@code <mask>}, which is one token (as fair-esm's tokenizer splits on them). Whitespace is skipped, as
 * fair-esm strips it. Anything else outside the alphabet is an error: the references fail on it too
 * (fair-esm and CARP raise KeyError), and mapping it silently to {@code <unk>} would hide input bugs.
 */
public final class Tokenizer {

    private final Alphabet alphabet;
    private final String name;
    private final List<String> bracketed;

    public Tokenizer(Alphabet alphabet, String name) {
        this.alphabet = alphabet;
        this.name = name;
        this.bracketed = alphabet.bracketedTokens();
    }

    public static Tokenizer forFamily(Family family) {
        return new Tokenizer(Alphabet.forFamily(family), family.name());
    }

    public Alphabet alphabet() {
        return alphabet;
    }

    /**
     * The residue tokens of one sequence, without start, stop or pad tokens.
     *
     * @throws UnknownTokenException for a character outside the alphabet (sequence index 0)
     */
    public long[] encode(String sequence) {
        return encode(sequence, 0);
    }

    /**
     * Encodes and right-pads a batch.
     *
     * @throws UnknownTokenException naming the sequence index, position and letter of the first character
     *                               outside the alphabet
     */
    public TokenBatch batch(List<String> sequences) {
        List<long[]> encoded = new ArrayList<>(sequences.size());
        int longest = 0;
        for (int i = 0; i < sequences.size(); i++) {
            long[] residues = encode(sequences.get(i), i);
            encoded.add(residues);
            longest = Math.max(longest, residues.length);
        }
        OptionalInt cls = alphabet.clsIndex();
        int frame = (cls.isPresent() ? 1 : 0) + (alphabet.appendEos() ? 1 : 0);
        long[][] tokens = new long[sequences.size()][longest + frame];
        int[] lengths = new int[sequences.size()];
        for (int i = 0; i < encoded.size(); i++) {
            long[] row = tokens[i];
            Arrays.fill(row, alphabet.paddingIndex());
            int at = 0;
            if (cls.isPresent()) {
                row[at++] = cls.getAsInt();
            }
            long[] residues = encoded.get(i);
            System.arraycopy(residues, 0, row, at, residues.length);
            at += residues.length;
            if (alphabet.appendEos()) {
                row[at] = alphabet.eosIndex().orElseThrow();
            }
            lengths[i] = residues.length;
        }
        return new TokenBatch(tokens, lengths);
    }

    private long[] encode(String sequence, int sequenceIndex) {
        long[] out = new long[sequence.length()];
        int n = 0;
        int position = 0;
        while (position < sequence.length()) {
            char c = sequence.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
                continue;
            }
            String special = bracketedAt(sequence, position);
            if (special != null) {
                out[n++] = alphabet.id(special).getAsInt();
                position += special.length();
                continue;
            }
            OptionalInt id = alphabet.id(String.valueOf(c));
            if (id.isEmpty()) {
                throw new UnknownTokenException(sequenceIndex, position, c, name);
            }
            out[n++] = id.getAsInt();
            position++;
        }
        return Arrays.copyOf(out, n);
    }

    private String bracketedAt(String sequence, int position) {
        if (sequence.charAt(position) != '<') {
            return null;
        }
        for (String token : bracketed) {
            if (sequence.startsWith(token, position)) {
                return token;
            }
        }
        return null;
    }
}
