package dev.plmlab.cli.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LengthBatchesTest {

    @Test
    void longestFirstAndEachBatchWithinTheBudget() {
        int[] residues = {5, 30, 8, 30, 1};
        // width = longest + 2 framing tokens: 32 x 2 = 64 fits, then 10 x 3 = 30 fits
        assertEquals(List.of(List.of(1, 3), List.of(2, 0, 4)), LengthBatches.plan(residues, 2, 64));
        assertEquals(List.of(List.of(1), List.of(3), List.of(2, 0, 4)), LengthBatches.plan(residues, 2, 63));
    }

    @Test
    void aSequenceWiderThanTheBudgetRunsAlone() {
        assertEquals(List.of(List.of(0), List.of(1, 2)), LengthBatches.plan(new int[] {100, 3, 2}, 0, 10));
    }

    @Test
    void everySequenceLandsInExactlyOneBatchThatRespectsTheBudget() {
        SplittableRandom random = new SplittableRandom(1);
        int[] residues = random.ints(500, 1, 1023).toArray();
        List<List<Integer>> batches = LengthBatches.plan(residues, 2, 16384);
        List<Integer> seen = new ArrayList<>();
        for (List<Integer> batch : batches) {
            int widest = batch.stream().mapToInt(i -> residues[i]).max().orElseThrow() + 2;
            assertTrue(batch.size() == 1 || batch.size() * widest <= 16384, "batch " + batch + " is over budget");
            seen.addAll(batch);
        }
        seen.sort(null);
        assertEquals(java.util.stream.IntStream.range(0, 500).boxed().toList(), seen);
    }
}
