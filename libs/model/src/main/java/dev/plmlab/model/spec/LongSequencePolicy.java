package dev.plmlab.model.spec;

/** What to do with a sequence longer than the model accepts. */
public enum LongSequencePolicy {
    /** Fail the sequence with a clear message. */
    ERROR("error"),
    /** Keep the first and last halves of the window, as the reference does (511 + 511 for ESM). */
    TRUNCATE_ENDS("truncate-ends"),
    /** Keep the first residues that fit. */
    TRUNCATE_HEAD("truncate-head"),
    /** Mean over overlapping windows. */
    SLIDING_WINDOW("sliding-window");

    private final String specName;

    LongSequencePolicy(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static LongSequencePolicy fromSpecName(String name) {
        for (LongSequencePolicy p : values()) {
            if (p.specName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
