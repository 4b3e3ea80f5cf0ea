package dev.plmlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files numpy wrote (src/test/resources/numpy): plmlab must read them, and for {@code .npy}
 * write the very same bytes for the same array.
 */
class NumpyFixturesTest {

    @Test
    void float32() throws IOException {
        float[] thirds = new float[6];
        for (int i = 0; i < 6; i++) {
            thirds[i] = i / 3f;
        }
        assertReadsAndWritesLikeNumpy("float32_2x3.npy", NpyArray.float32(thirds, 2, 3));
    }

    @Test
    void float16() throws IOException {
        float[] values = {0.0999755859375f, 0.333251953125f, 65504f, -0f, Float.POSITIVE_INFINITY};
        assertReadsAndWritesLikeNumpy("float16_5.npy", NpyArray.float16(values));
        assertReadsAndWritesLikeNumpy("float16_2x2x2.npy",
                NpyArray.float16(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f, 1.5f, 1.75f}, 2, 2, 2));
    }

    @Test
    void integers() throws IOException {
        assertReadsAndWritesLikeNumpy("int64_2x2.npy", NpyArray.int64(new long[] {1, 2, 3, -4}, 2, 2));
        assertReadsAndWritesLikeNumpy("int32_3.npy", NpyArray.int32(new int[] {7, -8, Integer.MAX_VALUE}));
    }

    @Test
    void unicode() throws IOException {
        assertReadsAndWritesLikeNumpy("unicode_3.npy", NpyArray.unicode(new String[] {"P12345", "Q9", "é🧬"}));
    }

    @Test
    void savez() throws IOException {
        Map<String, NpyArray> arrays = Npz.fromBytes(fixture("savez.npz"));

        assertEquals(List.of("ids", "layer_6"), List.copyOf(arrays.keySet()));
        assertArrayEquals(new String[] {"a", "bb"}, arrays.get("ids").strings());
        float[] ones = new float[24];
        java.util.Arrays.fill(ones, 1f);
        assertEquals(NpyArray.float32(ones, 2, 3, 4), arrays.get("layer_6"));
    }

    @Test
    void savezCompressed() throws IOException {
        Map<String, NpyArray> arrays = Npz.fromBytes(fixture("savez_compressed.npz"));

        assertEquals(NpyArray.float32(new float[6], 2, 3), arrays.get("x"));
        assertEquals(NpyArray.int64(new long[] {5, 6}), arrays.get("y"));
    }

    private static void assertReadsAndWritesLikeNumpy(String name, NpyArray expected) throws IOException {
        byte[] numpyBytes = fixture(name);
        assertEquals(expected, Npy.fromBytes(numpyBytes), "reading " + name);
        assertArrayEquals(numpyBytes, Npy.toBytes(expected), "writing " + name);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = NumpyFixturesTest.class.getResourceAsStream("/numpy/" + name)) {
            if (in == null) {
                throw new IOException("test fixture /numpy/" + name + " missing from the test classpath");
            }
            return in.readAllBytes();
        }
    }
}
