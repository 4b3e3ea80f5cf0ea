package dev.plmlab.inference;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBudgetBatcherTest {

    @Test
    void groupsLongestFirstWithinTheBudget() {
        // lengths 10, 50, 30, 50, 20 with 100 tokens: [50,50] = 100, [30,20,10] = 90
        List<TokenBudgetBatcher.Batch> batches = new TokenBudgetBatcher(100, 64).plan(new int[] {10, 50, 30, 50, 20});
        assertEquals(2, batches.size());
        assertArrayEquals(new int[] {1, 3}, batches.get(0).indices());
        assertEquals(50, batches.get(0).paddedLength());
        assertArrayEquals(new int[] {2, 4, 0}, batches.get(1).indices());
        assertEquals(30, batches.get(1).paddedLength());
    }

    @Test
    void everyIndexOnceAndEveryBatchWithinBudget() {
        Random random = new Random(3);
        int[] lengths = IntStream.range(0, 500).map(i -> 3 + random.nextInt(400)).toArray();
        long budget = 2048;
        List<TokenBudgetBatcher.Batch> batches = new TokenBudgetBatcher(budget, 32).plan(lengths);
        int[] seen = new int[lengths.length];
        for (TokenBudgetBatcher.Batch batch : batches) {
            assertTrue(batch.paddedTokens() <= budget, "batch over budget: " + batch.paddedTokens());
            assertTrue(batch.size() <= 32);
            for (int index : batch.indices()) {
                seen[index]++;
                assertTrue(lengths[index] <= batch.paddedLength());
            }
            assertEquals(Arrays.stream(batch.indices()).map(i -> lengths[i]).max().getAsInt(), batch.paddedLength());
        }
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 1), "every sequence exactly once");
    }

    @Test
    void batchesAreFullWhenLengthsAreEqual() {
        List<TokenBudgetBatcher.Batch> batches = new TokenBudgetBatcher(1000, 1000).plan(new int[] {100, 100, 100, 100, 100});
        // 10 x 100 would fit, 5 is all there is: one batch, input order kept among equals
        assertEquals(1, batches.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, batches.get(0).indices());
    }

    @Test
    void maxBatchSizeCapsRowsEvenUnderBudget() {
        List<TokenBudgetBatcher.Batch> batches = new TokenBudgetBatcher(1_000_000, 2).plan(new int[] {5, 5, 5, 5, 5});
        assertEquals(List.of(2, 2, 1), batches.stream().map(TokenBudgetBatcher.Batch::size).toList());
    }

    @Test
    void aSequenceLongerThanTheBudgetGoesAlone() {
        List<TokenBudgetBatcher.Batch> batches = new TokenBudgetBatcher(100, 64).plan(new int[] {30, 150, 40});
        assertArrayEquals(new int[] {1}, batches.get(0).indices());
        assertEquals(150, batches.get(0).paddedLength());
        assertArrayEquals(new int[] {2, 0}, batches.get(1).indices());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBudgetBatcher(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenBudgetBatcher(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBudgetBatcher(10, 1).plan(new int[] {0}));
        assertEquals(0, new TokenBudgetBatcher(10, 1).plan(new int[0]).size());
    }
}
