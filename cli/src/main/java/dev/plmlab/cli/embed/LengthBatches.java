package dev.plmlab.cli.embed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits sequences into batches of similar length, so little compute goes to padding: longest first, each
 * batch filled while (sequences x padded width) stays within a token budget. The padded width is the
 * batch's longest sequence plus the family's start/stop tokens. A sequence wider than the budget on its own
 * still runs, alone in its batch.
 */
public final class LengthBatches {

    private LengthBatches() {
    }

    /**
     * @param residues       residues per sequence
     * @param framingTokens  start/stop tokens the tokenizer adds to every sequence
     * @param maxBatchTokens the most padded tokens in one batch
     * @return batches of sequence indices; every index appears exactly once
     */
    public static List<List<Integer>> plan(int[] residues, int framingTokens, int maxBatchTokens) {
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be >= 1, got " + maxBatchTokens);
        }
        List<Integer> longestFirst = IntStream.range(0, residues.length).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> residues[i]).reversed().thenComparingInt(i -> i))
                .toList();
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> batch = new ArrayList<>();
        long width = 0;
        for (int index : longestFirst) {
            if (batch.isEmpty()) {
                width = (long) residues[index] + framingTokens;
            } else if ((batch.size() + 1) * width > maxBatchTokens) {
                batches.add(batch);
                batch = new ArrayList<>();
                width = (long) residues[index] + framingTokens;
            }
            batch.add(index);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
