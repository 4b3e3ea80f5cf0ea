package dev.plmlab.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups sequences into batches whose padded size, batch size x longest length, stays within a token
 * budget: the quantity that bounds a transformer's activation memory. Sequences are sorted by length
 * (longest first, ties in input order) so that each batch holds similar lengths and little is padding;
 * batches are then filled greedily in that order. A sequence longer than the budget on its own gets a
 * batch of one (the caller decides whether it can run).
 */
public final class TokenBudgetBatcher {

    private final long tokenBudget;
    private final int maxBatchSize;

    /**
     * @param tokenBudget  most padded token positions (B x T) per batch
     * @param maxBatchSize most rows per batch regardless of length (use {@link Integer#MAX_VALUE} for none)
     */
    public TokenBudgetBatcher(long tokenBudget, int maxBatchSize) {
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("token budget must be >= 1, got " + tokenBudget);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be >= 1, got " + maxBatchSize);
        }
        this.tokenBudget = tokenBudget;
        this.maxBatchSize = maxBatchSize;
    }

    /**
     * One batch: the input positions it holds (longest first) and the width T its rows are padded to.
     */
    public record Batch(int[] indices, int paddedLength) {

        public int size() {
            return indices.length;
        }

        /** B x T. */
        public long paddedTokens() {
            return (long) indices.length * paddedLength;
        }
    }

    /**
     * @param lengths token count of each sequence as the model sees it (start/stop tokens included)
     * @return every index exactly once, in batches of descending length
     */
    public List<Batch> plan(int[] lengths) {
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        // a stable sort keeps equal lengths in input order, so plans are reproducible
        java.util.Arrays.sort(order, Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
        List<Batch> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int width = 0;
        for (int index : order) {
            if (lengths[index] < 1) {
                throw new IllegalArgumentException("sequence " + index + " has length " + lengths[index]);
            }
            // sorted longest first, so the first row of a batch fixes its width
            boolean fits = current.size() < maxBatchSize && (long) (current.size() + 1) * width <= tokenBudget;
            if (!current.isEmpty() && !fits) {
                batches.add(new Batch(current.stream().mapToInt(Integer::intValue).toArray(), width));
                current.clear();
            }
            if (current.isEmpty()) {
                width = lengths[index];
            }
            current.add(index);
        }
        if (!current.isEmpty()) {
            batches.add(new Batch(current.stream().mapToInt(Integer::intValue).toArray(), width));
        }
        return batches;
    }
}
