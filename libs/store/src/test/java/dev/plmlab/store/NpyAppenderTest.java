package dev.plmlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyAppenderTest {

    @TempDir
    Path dir;

    @Test
    void rowsAppendedInPiecesGiveTheBytesNpyWritesForTheWholeArray() throws IOException {
        // more than one 64 KiB buffer even at 2 bytes a value, so flushes happen mid-append
        int rows = 600;
        int width = 77;
        float[] values = randomFloats(rows * width, 1);
        for (NpyDtype dtype : new NpyDtype[] {NpyDtype.FLOAT32, NpyDtype.FLOAT16}) {
            Path file = dir.resolve(dtype + ".npy");
            try (NpyAppender appender = new NpyAppender(file, dtype, width)) {
                appender.append(values, 0, 10 * width);
                appender.append(values, 10 * width, (rows - 10) * width);
                assertEquals(rows, appender.rows());
            }
            NpyArray whole = dtype == NpyDtype.FLOAT16 ? NpyArray.float16(values, rows, width) : NpyArray.float32(values, rows, width);
            assertArrayEquals(Npy.toBytes(whole), Files.readAllBytes(file), dtype.toString());
        }
    }

    @Test
    void anEmptyArrayIsAValidNpy() throws IOException {
        Path file = dir.resolve("empty.npy");
        new NpyAppender(file, NpyDtype.FLOAT32, 4).close();
        assertArrayEquals(Npy.toBytes(NpyArray.float32(new float[0], 0, 4)), Files.readAllBytes(file));
    }

    @Test
    void int64OffsetsOfOneDimension() throws IOException {
        Path file = dir.resolve("offsets.npy");
        try (NpyAppender appender = new NpyAppender(file, NpyDtype.INT64)) {
            appender.append(0, 3);
            appender.append(10);
        }
        assertArrayEquals(Npy.toBytes(NpyArray.int64(new long[] {0, 3, 10}, 3)), Files.readAllBytes(file));
    }

    @Test
    void anotherNpyIsAppendedByCopyOrConversion() throws IOException {
        float[] first = randomFloats(6, 2);
        float[] second = randomFloats(9, 3);
        Path file = dir.resolve("joined.npy");
        try (NpyAppender appender = new NpyAppender(file, NpyDtype.FLOAT16, 3)) {
            appender.appendNpy(new ByteArrayInputStream(Npy.toBytes(NpyArray.float16(first, 2, 3))), "first");
            // float32 rows are converted to the file's float16
            appender.appendNpy(new ByteArrayInputStream(Npy.toBytes(NpyArray.float32(second, 3, 3))), "second");
        }
        float[] both = new float[15];
        System.arraycopy(first, 0, both, 0, 6);
        System.arraycopy(second, 0, both, 6, 9);
        assertArrayEquals(Npy.toBytes(NpyArray.float16(both, 5, 3)), Files.readAllBytes(file));
    }

    @Test
    void bufferedRowsThenACopiedNpyThenBigEndianRowsStayInOrder() throws IOException {
        float[] first = randomFloats(3 * 5, 5);
        float[] second = randomFloats(3 * 5, 6);
        float[] third = {1.5f, -2.25f, 3f, 0.125f, 7f};
        Path file = dir.resolve("mixed.npy");
        try (NpyAppender appender = new NpyAppender(file, NpyDtype.FLOAT32, 5)) {
            appender.append(first); // still in the buffer when the copy begins
            appender.appendNpy(new ByteArrayInputStream(Npy.toBytes(NpyArray.float32(second, 3, 5))), "second");
            java.nio.ByteBuffer big = java.nio.ByteBuffer.allocate(20).order(java.nio.ByteOrder.BIG_ENDIAN);
            for (float v : third) {
                big.putFloat(v);
            }
            byte[] header = Npy.header(">f4", new long[] {1, 5});
            appender.appendNpy(new java.io.SequenceInputStream(new ByteArrayInputStream(header),
                    new ByteArrayInputStream(big.array())), "big-endian");
        }
        float[] all = new float[35];
        System.arraycopy(first, 0, all, 0, 15);
        System.arraycopy(second, 0, all, 15, 15);
        System.arraycopy(third, 0, all, 30, 5);
        assertArrayEquals(Npy.toBytes(NpyArray.float32(all, 7, 5)), Files.readAllBytes(file));
    }

    @Test
    void aTruncatedSourceIsReportedByName() throws IOException {
        byte[] whole = Npy.toBytes(NpyArray.float16(randomFloats(40, 8), 8, 5));
        try (NpyAppender appender = new NpyAppender(dir.resolve("t.npy"), NpyDtype.FLOAT16, 5)) {
            IOException e = assertThrows(IOException.class, () -> appender.appendNpy(
                    new ByteArrayInputStream(java.util.Arrays.copyOf(whole, whole.length - 7)), "shard-3"));
            assertTrue(e.getMessage().startsWith("shard-3 is truncated"), e.getMessage());
        }
    }

    @Test
    void rowsOfAnotherWidthAreRefusedWithTheSourceNamed() throws IOException {
        try (NpyAppender appender = new NpyAppender(dir.resolve("x.npy"), NpyDtype.FLOAT32, 3)) {
            IOException e = assertThrows(IOException.class, () -> appender.appendNpy(
                    new ByteArrayInputStream(Npy.toBytes(NpyArray.float32(new float[8], 2, 4))), "shard-7"));
            assertEquals("shard-7 has shape [2, 4]; rows of x.npy are [3]", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> appender.append(new float[4]));
        }
    }

    @Test
    void npzWriterStreamsFilesAndArraysIntoOneArchiveNumpyReads() throws IOException {
        Path layer = dir.resolve("layer.npy");
        float[] values = randomFloats(40, 4);
        try (NpyAppender appender = new NpyAppender(layer, NpyDtype.FLOAT32, 8)) {
            appender.append(values);
        }
        Path npz = dir.resolve("out.npz");
        try (NpzWriter writer = NpzWriter.create(npz)) {
            writer.add("ids", NpyArray.unicode(new String[] {"a", "b", "c", "d", "e"}));
            writer.add("layer3", layer);
        }
        Map<String, NpyArray> read;
        try (InputStream in = Files.newInputStream(npz)) {
            read = Npz.read(in);
        }
        assertArrayEquals(values, read.get("layer3").floats());
        assertArrayEquals(new int[] {5, 8}, read.get("layer3").shape());
        assertEquals("e", read.get("ids").strings()[4]);
    }

    private static float[] randomFloats(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
