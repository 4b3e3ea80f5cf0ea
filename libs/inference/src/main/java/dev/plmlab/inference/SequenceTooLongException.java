package dev.plmlab.inference;

/** A sequence exceeds the model's residue limit and the long-sequence policy is {@code error}. */
public class SequenceTooLongException extends IllegalArgumentException {

    private final String sequenceName;
    private final int length;
    private final int limit;

    public SequenceTooLongException(String sequenceName, int length, int limit) {
        super("sequence " + sequenceName + " has " + length + " residues, more than the model's limit of " + limit
                + " (long-sequence policy 'error'; choose truncate-ends, truncate-head or sliding-window to embed it)");
        this.sequenceName = sequenceName;
        this.length = length;
        this.limit = limit;
    }

    public String sequenceName() {
        return sequenceName;
    }

    public int length() {
        return length;
    }

    public int limit() {
        return limit;
    }
}
