package dev.plmlab.inference;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class WindowPoolingTest {

    @Test
    void pooledIsTheResidueCountWeightedMeanOfSegmentMeans() {
        long[] seq = new long[6];
        // windows of 4 and 2 residues with means 1 and 4: (4*1 + 2*4) / 6 = 2
        List<Segment> segments = List.of(Segment.range(seq, 0, 4), Segment.range(seq, 4, 6));
        float[][] pooled = WindowPooling.pooled(segments, List.of(new float[][] {{1f, 10f}}, new float[][] {{4f, -2f}}));
        assertArrayEquals(new float[] {2f, 6f}, pooled[0], 1e-6f);
    }

    @Test
    void oneSegmentIsReturnedUnchanged() {
        float[][] mean = {{0.1f, 0.2f}};
        assertSame(mean, WindowPooling.pooled(List.of(Segment.range(new long[3], 0, 3)), List.<float[][]>of(mean)));
    }

    @Test
    void perResidueStatesAverageOverlappingWindows() {
        long[] seq = new long[4];
        List<Segment> segments = List.of(Segment.range(seq, 0, 3), Segment.range(seq, 1, 4));
        float[][] first = {{1f}, {2f}, {3f}};
        float[][] second = {{4f}, {5f}, {6f}};
        WindowPooling.PerResidue combined = WindowPooling.perResidue(segments, List.of(first, second), 4);
        assertArrayEquals(new int[] {0, 1, 2, 3}, combined.positions());
        // residue 1 is row 1 of the first and row 0 of the second window: (2 + 4) / 2
        assertArrayEquals(new float[][] {{1f}, {3f}, {4f}, {6f}}, combined.states());
    }
}
