package dev.plmlab.science.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FeatureRowsTest {
    private static final float[] DATA = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};

    @Test
    void readsRowsAtAnOffset() {
        FeatureRows rows = FeatureRows.of(DATA, 4, 3);
        assertEquals(4, rows.rows());
        assertEquals(3, rows.width());
        float[] dst = new float[5];
        rows.read(2, dst, 1);
        assertArrayEquals(new float[] {0, 20, 21, 22, 0}, dst);
        assertThrows(IndexOutOfBoundsException.class, () -> rows.read(4, dst, 0));
    }

    @Test
    void selectIsAViewInTheGivenOrderAndCopiesItsIndex() {
        int[] index = {3, 0, 3};
        FeatureRows view = FeatureRows.select(FeatureRows.of(DATA, 4, 3), index);
        index[0] = 1;
        assertEquals(3, view.rows());
        float[] dst = new float[3];
        view.read(0, dst, 0);
        assertArrayEquals(new float[] {30, 31, 32}, dst);
        view.read(1, dst, 0);
        assertArrayEquals(new float[] {0, 1, 2}, dst);
        FeatureRows nested = FeatureRows.select(view, new int[] {1});
        nested.read(0, dst, 0);
        assertArrayEquals(new float[] {0, 1, 2}, dst);
    }

    @Test
    void refusesBadShapesAndIndices() {
        assertThrows(IllegalArgumentException.class, () -> FeatureRows.of(DATA, 5, 3));
        assertThrows(IllegalArgumentException.class, () -> FeatureRows.of(DATA, 12, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureRows.select(FeatureRows.of(DATA, 4, 3), new int[] {4}));
        FeatureRows fromMatrix = FeatureRows.of(new FeatureMatrix(DATA, 2, 6));
        assertEquals(6, fromMatrix.width());
    }
}
