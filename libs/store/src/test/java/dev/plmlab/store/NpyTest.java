package dev.plmlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyTest {

    /** numpy 2.4's header for the given descr and shape: 128 bytes, dict padded with spaces, newline. */
    private static String numpyHeader(String dict) {
        return "\u0093NUMPY\u0001\u0000v\u0000" + dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
    }

    @Test
    void headersMatchNumpyByteForByte() {
        // the dict texts are what numpy.save wrote for these arrays (seen with python3 + numpy 2.4.6)
        assertHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }                     ", "<f4", 3);
        assertHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }                    ", "<f4", 2, 3);
        assertHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }                    ", "<f4", 2, 3, 4);
        assertHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }                     ", "<f2", 3);
        assertHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }                     ", "<i8", 3);
        assertHeader("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }                    ", "<i4", 2, 2);
        assertHeader("{'descr': '<U6', 'fortran_order': False, 'shape': (2,), }                     ", "<U6", 2);
        assertHeader("{'descr': '<i4', 'fortran_order': False, 'shape': (100000,), }                ", "<i4", 100000);
    }

    private static void assertHeader(String numpyDict, String descr, int... shape) {
        byte[] expected = numpyHeader(numpyDict).getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(128, expected.length);
        assertArrayEquals(expected, Npy.header(descr, shape), descr + " " + Arrays.toString(shape));
    }

    @Test
    void float32RoundTripsIn1To3Dimensions() {
        float[] values = {1.5f, -2f, 3.25f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -0f, 7f, 8f, 9f, 10f, 11f};
        for (int[] shape : new int[][] {{12}, {3, 4}, {2, 3, 2}}) {
            NpyArray array = NpyArray.float32(values, shape);
            assertEquals(array, Npy.fromBytes(Npy.toBytes(array)));
        }
    }

    @Test
    void float16RoundTripsValuesThatAreHalves() {
        NpyArray array = NpyArray.float16(new float[] {0.5f, -2f, 65504f, 0x1p-24f, Float.NEGATIVE_INFINITY, 0f}, 2, 3);

        byte[] bytes = Npy.toBytes(array);

        assertEquals(128 + 6 * 2, bytes.length);
        assertEquals(array, Npy.fromBytes(bytes));
    }

    @Test
    void float16RoundsOnWrite() {
        NpyArray read = Npy.fromBytes(Npy.toBytes(NpyArray.float16(new float[] {0.1f})));
        assertEquals(0.0999755859375f, read.floats()[0]);
    }

    @Test
    void integersRoundTrip() {
        NpyArray longs = NpyArray.int64(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, 2, 2);
        NpyArray ints = NpyArray.int32(new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE});
        assertEquals(longs, Npy.fromBytes(Npy.toBytes(longs)));
        assertEquals(ints, Npy.fromBytes(Npy.toBytes(ints)));
    }

    @Test
    void stringsRoundTripWithTheLongestSettingTheWidth() {
        NpyArray ids = NpyArray.unicode(new String[] {"sp|P12345|ABC_HUMAN", "", "é🧬"});

        byte[] bytes = Npy.toBytes(ids);

        assertTrue(new String(bytes, 0, 128, StandardCharsets.ISO_8859_1).contains("'descr': '<U19'"));
        assertEquals(128 + 3 * 19 * 4, bytes.length);
        assertEquals(ids, Npy.fromBytes(bytes));
    }

    @Test
    void emptyArrayRoundTrips() {
        NpyArray empty = NpyArray.float32(new float[0], 0, 1280);
        assertEquals(empty, Npy.fromBytes(Npy.toBytes(empty)));
    }

    @Test
    void floatRowsGivesTheMatrix() {
        NpyArray matrix = NpyArray.float32(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        assertArrayEquals(new int[] {3, 2}, matrix.shape());
        assertArrayEquals(new float[] {3, 4}, matrix.floatRows()[1]);
    }

    @Test
    void shapeMustMatchTheData() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.float32(new float[5], 2, 3));
        assertTrue(failure.getMessage().contains("[2, 3] holds 6 elements but 5 were given"), failure.getMessage());
    }

    @Test
    void rejectsWhatItCannotRead() {
        IOException notNpy = assertThrows(IOException.class,
                () -> Npy.read(new ByteArrayInputStream("PK\u0003\u0004 zip, not npy".getBytes(StandardCharsets.ISO_8859_1))));
        assertTrue(notNpy.getMessage().contains("not a .npy file"), notNpy.getMessage());

        byte[] float64 = Npy.header("<f8", new int[] {1});
        IOException unsupported = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(float64)));
        assertTrue(unsupported.getMessage().contains("'<f8'"), unsupported.getMessage());

        byte[] truncated = Arrays.copyOf(Npy.toBytes(NpyArray.int64(new long[] {1, 2})), 128 + 12);
        IOException eof = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(truncated)));
        assertTrue(eof.getMessage().contains("truncated in its data: expected 16 bytes, got 12"), eof.getMessage());

        byte[] fortran = new String(Npy.header("<f4", new int[] {1}), StandardCharsets.ISO_8859_1)
                .replace("'fortran_order': False", "'fortran_order': True ").getBytes(StandardCharsets.ISO_8859_1);
        IOException order = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(fortran)));
        assertTrue(order.getMessage().contains("Fortran order"), order.getMessage());
    }
}
