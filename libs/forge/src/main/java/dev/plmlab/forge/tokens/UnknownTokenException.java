package dev.plmlab.forge.tokens;

/** A sequence holds a character its model's alphabet does not have. */
public class UnknownTokenException extends IllegalArgumentException {

    private final int sequenceIndex;
    private final int position;
    private final char letter;

    public UnknownTokenException(int sequenceIndex, int position, char letter, String alphabetName) {
        super("sequence " + sequenceIndex + ", position " + position + ": letter '" + letter + "' (U+"
                + String.format("%04X", (int) letter) + ") is not in the " + alphabetName + " alphabet");
        this.sequenceIndex = sequenceIndex;
        this.position = position;
        this.letter = letter;
    }

    /** Index of the sequence in the batch (0-based). */
    public int sequenceIndex() {
        return sequenceIndex;
    }

    /** Character position in the sequence string (0-based). */
    public int position() {
        return position;
    }

    public char letter() {
        return letter;
    }
}
