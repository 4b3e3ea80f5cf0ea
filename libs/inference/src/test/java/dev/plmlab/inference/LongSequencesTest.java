package dev.plmlab.inference;

import dev.plmlab.model.spec.LongSequencePolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LongSequencesTest {

    /** Residue i has token 1000 + i, so a segment shows which residues it kept. */
    private static long[] residues(int n) {
        return LongStream.range(0, n).map(i -> 1000 + i).toArray();
    }

    @Test
    void aSequenceWithinTheLimitIsOneSegmentUnderEveryPolicy() {
        for (LongSequencePolicy policy : LongSequencePolicy.values()) {
            List<Segment> segments = new LongSequences(policy, 1022).segments(residues(1022), "s");
            assertEquals(1, segments.size(), policy.specName());
            assertArrayEquals(residues(1022), segments.get(0).residues());
            assertArrayEquals(IntStream.range(0, 1022).toArray(), segments.get(0).positions());
        }
    }

    @Test
    void errorNamesTheSequenceItsLengthAndTheLimit() {
        SequenceTooLongException e = assertThrows(SequenceTooLongException.class,
                () -> new LongSequences(LongSequencePolicy.ERROR, 1022).segments(residues(1500), "P12345"));
        assertTrue(e.getMessage().contains("P12345"), e.getMessage());
        assertTrue(e.getMessage().contains("1500"), e.getMessage());
        assertTrue(e.getMessage().contains("1022"), e.getMessage());
        assertEquals(1500, e.length());
    }

    @Test
    void truncateEndsKeepsTheFirst511AndLast511() {
        List<Segment> segments = new LongSequences(LongSequencePolicy.TRUNCATE_ENDS, 1022).segments(residues(2000), "s");
        assertEquals(1, segments.size());
        Segment kept = segments.get(0);
        assertEquals(1022, kept.length());
        int[] expected = IntStream.concat(IntStream.range(0, 511), IntStream.range(2000 - 511, 2000)).toArray();
        assertArrayEquals(expected, kept.positions());
        assertArrayEquals(IntStream.of(expected).mapToLong(i -> 1000 + i).toArray(), kept.residues());
    }

    @Test
    void truncateEndsWithAnOddLimitGivesTheExtraResidueToTheEnd() {
        Segment kept = new LongSequences(LongSequencePolicy.TRUNCATE_ENDS, 5).segments(residues(9), "s").get(0);
        assertArrayEquals(new int[] {0, 1, 6, 7, 8}, kept.positions());
    }

    @Test
    void truncateHeadKeepsTheFirstLimitResidues() {
        Segment kept = new LongSequences(LongSequencePolicy.TRUNCATE_HEAD, 1022).segments(residues(1100), "s").get(0);
        assertArrayEquals(IntStream.range(0, 1022).toArray(), kept.positions());
    }

    @Test
    void slidingWindowsOverlapByHalfAndTheLastEndsAtTheEnd() {
        List<Segment> windows = new LongSequences(LongSequencePolicy.SLIDING_WINDOW, 10).segments(residues(23), "s");
        // stride 5: [0,10) [5,15) [10,20), then [13,23) moved back to end at 23
        assertEquals(4, windows.size());
        int[] starts = windows.stream().mapToInt(w -> w.positions()[0]).toArray();
        assertArrayEquals(new int[] {0, 5, 10, 13}, starts);
        for (Segment w : windows) {
            assertEquals(10, w.length());
            assertArrayEquals(IntStream.range(w.positions()[0], w.positions()[0] + 10).toArray(), w.positions());
        }
    }

    @Test
    void slidingWindowsOfAnExactFitStopWithoutARepeat() {
        List<Segment> windows = new LongSequences(LongSequencePolicy.SLIDING_WINDOW, 10).segments(residues(20), "s");
        assertArrayEquals(new int[] {0, 5, 10}, windows.stream().mapToInt(w -> w.positions()[0]).toArray());
    }

    @Test
    void slidingWindowsAtEsmScaleCoverEveryResidue() {
        List<Segment> windows = new LongSequences(LongSequencePolicy.SLIDING_WINDOW, 1022).segments(residues(3000), "s");
        int[] cover = new int[3000];
        windows.forEach(w -> IntStream.of(w.positions()).forEach(p -> cover[p]++));
        assertTrue(IntStream.of(cover).allMatch(c -> c >= 1 && c <= 3));
        assertEquals(1022, windows.get(windows.size() - 1).length());
    }
}
