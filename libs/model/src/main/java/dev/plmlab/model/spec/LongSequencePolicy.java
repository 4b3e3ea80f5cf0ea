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

    /**
     * The 0-based positions a sequence of {@code length} residues keeps under this policy and a model's residue
     * limit, in order: every position when it fits or under {@code sliding-window} (whose windows cover every
     * residue); the first {@code floor(limit/2)} and last {@code limit - floor(limit/2)} under
     * {@code truncate-ends}; the first {@code limit} under {@code truncate-head}. One rule for features and for
     * the per-residue labels that must line up with them.
     *
     * @throws IllegalArgumentException under {@code error} when the sequence is longer than the limit
     */
    public int[] keptPositions(int length, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("residue limit must be >= 2, got " + limit);
        }
        if (length <= limit || this == SLIDING_WINDOW) {
            return java.util.stream.IntStream.range(0, length).toArray();
        }
        return switch (this) {
            case ERROR -> throw new IllegalArgumentException("a sequence of " + length + " residues is longer than the limit "
                    + limit + " (long_sequences: error)");
            case TRUNCATE_HEAD -> java.util.stream.IntStream.range(0, limit).toArray();
            default -> {
                int head = limit / 2;
                int tail = limit - head;
                int[] kept = new int[limit];
                for (int i = 0; i < head; i++) {
                    kept[i] = i;
                }
                for (int i = 0; i < tail; i++) {
                    kept[head + i] = length - tail + i;
                }
                yield kept;
            }
        };
    }

    /** Whether a sequence of this length loses residues under this policy. */
    public boolean cuts(int length, int limit) {
        return length > limit && (this == TRUNCATE_ENDS || this == TRUNCATE_HEAD);
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
