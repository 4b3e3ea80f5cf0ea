package dev.plmlab.inference;

import dev.plmlab.model.spec.LongSequencePolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a {@link LongSequencePolicy} to a sequence longer than the model's residue limit (1022 for
 * ESM-1b/ESM-2, whose 1024 positions include {@code <cls>} and {@code <eos>}). A sequence within the limit
 * is one segment, whatever the policy. Beyond it:
 * <ul>
 *   <li>{@code error}: fails, naming the sequence, its length and the limit;</li>
 *   <li>{@code truncate-ends}: one segment of the first {@code floor(limit/2)} and the last
 *       {@code limit - floor(limit/2)} residues, joined (511 + 511 for ESM);</li>
 *   <li>{@code truncate-head}: one segment of the first {@code limit} residues;</li>
 *   <li>{@code sliding-window}: windows of {@code limit} residues starting at 0, s, 2s, ... with stride
 *       {@code s = max(1, floor(limit/2))}, the last one moved back to end exactly at the last residue, so
 *       every window is full and every residue is covered by one or two windows. How the windows'
 *       outputs are combined is {@link WindowPooling}'s to say.</li>
 * </ul>
 */
public final class LongSequences {

    private final LongSequencePolicy policy;
    private final int residueLimit;

    public LongSequences(LongSequencePolicy policy, int residueLimit) {
        if (residueLimit < 2) {
            throw new IllegalArgumentException("residue limit must be >= 2, got " + residueLimit);
        }
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.residueLimit = residueLimit;
    }

    public LongSequencePolicy policy() {
        return policy;
    }

    public int residueLimit() {
        return residueLimit;
    }

    /**
     * @param residues     the sequence's residue tokens
     * @param sequenceName how to name the sequence in an error
     * @throws SequenceTooLongException under {@code error} when the sequence exceeds the limit
     */
    public List<Segment> segments(long[] residues, String sequenceName) {
        int n = residues.length;
        if (n <= residueLimit) {
            return List.of(Segment.range(residues, 0, n));
        }
        return switch (policy) {
            case ERROR -> throw new SequenceTooLongException(sequenceName, n, residueLimit);
            case TRUNCATE_HEAD, TRUNCATE_ENDS -> List.of(kept(residues));
            case SLIDING_WINDOW -> windows(residues);
        };
    }

    /** The residues the policy keeps (the one rule in {@link LongSequencePolicy#keptPositions}), joined. */
    private Segment kept(long[] residues) {
        int[] positions = policy.keptPositions(residues.length, residueLimit);
        long[] joined = new long[positions.length];
        for (int i = 0; i < positions.length; i++) {
            joined[i] = residues[positions[i]];
        }
        return new Segment(joined, positions);
    }

    private List<Segment> windows(long[] residues) {
        int stride = Math.max(1, residueLimit / 2);
        List<Segment> windows = new ArrayList<>();
        for (int start = 0; ; start += stride) {
            int end = start + residueLimit;
            if (end >= residues.length) {
                windows.add(Segment.range(residues, residues.length - residueLimit, residues.length));
                return windows;
            }
            windows.add(Segment.range(residues, start, end));
        }
    }
}
