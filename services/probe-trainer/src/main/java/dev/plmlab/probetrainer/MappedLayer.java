package dev.plmlab.probetrainer;

import dev.plmlab.model.numeric.Float16;
import dev.plmlab.science.probe.FeatureRows;
import dev.plmlab.store.Npy;
import dev.plmlab.store.NpyDtype;
import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One stored layer object ({@code [rows, width]} .npy, float32 or float16) memory-mapped from a local file:
 * rows are read on demand, so a per-residue layer of millions of rows never sits in the heap. Files over
 * 2 GiB are mapped in chunks of whole rows.
 */
final class MappedLayer implements FeatureRows {

    private static final long CHUNK_BYTES = 1L << 30;

    private final String source;
    private final int rows;
    private final int width;
    private final int valueBytes;
    private final boolean half;
    private final int rowsPerChunk;
    private final MappedByteBuffer[] chunks;

    MappedLayer(Path file, String source) throws IOException {
        this.source = source;
        Npy.Header header;
        long dataStart;
        try (InputStream in = Files.newInputStream(file)) {
            CountingInputStream counting = new CountingInputStream(in);
            header = Npy.readHeader(counting);
            dataStart = counting.count();
        }
        if (header.shape().length != 2) {
            throw new IOException(source + " should be a [rows, width] array, is " + Arrays.toString(header.shape()));
        }
        if (header.dtype() != NpyDtype.FLOAT32 && header.dtype() != NpyDtype.FLOAT16) {
            throw new IOException(source + " holds " + header.dtype() + "; features are float32 or float16");
        }
        this.rows = Math.toIntExact(header.shape()[0]);
        this.width = Math.toIntExact(header.shape()[1]);
        this.half = header.dtype() == NpyDtype.FLOAT16;
        this.valueBytes = half ? 2 : 4;
        long rowBytes = (long) width * valueBytes;
        long expected = dataStart + rows * rowBytes;
        if (Files.size(file) != expected) {
            throw new IOException(source + " has " + Files.size(file) + " bytes; its header promises " + expected
                    + " (a truncated object?)");
        }
        this.rowsPerChunk = (int) Math.max(1, Math.min(rows, CHUNK_BYTES / Math.max(1, rowBytes)));
        int chunkCount = rows == 0 ? 0 : (rows + rowsPerChunk - 1) / rowsPerChunk;
        this.chunks = new MappedByteBuffer[chunkCount];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int c = 0; c < chunkCount; c++) {
                long firstRow = (long) c * rowsPerChunk;
                long count = Math.min(rowsPerChunk, rows - firstRow);
                chunks[c] = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + firstRow * rowBytes, count * rowBytes);
                chunks[c].order(header.order());
            }
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void read(int row, float[] dst, int offset) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + source + ", which has " + rows);
        }
        MappedByteBuffer chunk = chunks[row / rowsPerChunk];
        int base = (row % rowsPerChunk) * width * valueBytes;
        if (half) {
            for (int j = 0; j < width; j++) {
                dst[offset + j] = Float16.toFloat(chunk.getShort(base + 2 * j));
            }
        } else {
            for (int j = 0; j < width; j++) {
                dst[offset + j] = chunk.getFloat(base + 4 * j);
            }
        }
    }

    /** The whole layer in the heap, row-major: for the probes that need it there (ridge on pooled features). */
    float[] toArray() {
        float[] all = new float[Math.multiplyExact(rows, width)];
        for (int i = 0; i < rows; i++) {
            read(i, all, i * width);
        }
        return all;
    }
}
