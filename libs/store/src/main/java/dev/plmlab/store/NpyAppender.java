package dev.plmlab.store;

import dev.plmlab.model.numeric.Float16;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a {@code .npy} file row by row, so an array larger than the heap (every residue of a dataset at
 * one layer) never has to be held at once. The header is written first with a row count of zero and
 * rewritten on {@link #close}; numpy's growth space keeps its length fixed, so the data never moves.
 * Only a 64 KiB buffer is held in memory.
 */
public final class NpyAppender implements Closeable {

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final NpyDtype dtype;
    private final long[] rowShape;
    private final long rowElements;
    private final int headerLength;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long elements;
    /** Data bytes already on disk (after the header); the buffer holds the ones after them. */
    private long writtenBytes;
    private boolean closed;

    /**
     * @param dtype    {@link NpyDtype#FLOAT32}, {@link NpyDtype#FLOAT16} or {@link NpyDtype#INT64}
     * @param rowShape the shape of one row (empty for a 1-D array); the file's shape is {@code [rows, rowShape...]}
     */
    public NpyAppender(Path file, NpyDtype dtype, long... rowShape) throws IOException {
        if (dtype != NpyDtype.FLOAT32 && dtype != NpyDtype.FLOAT16 && dtype != NpyDtype.INT64) {
            throw new IllegalArgumentException("rows of " + dtype + " cannot be appended");
        }
        this.file = file;
        this.dtype = dtype;
        this.rowShape = rowShape.clone();
        long perRow = 1;
        for (long d : rowShape) {
            perRow *= d;
        }
        this.rowElements = perRow;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        byte[] header = header(0);
        this.headerLength = header.length;
        write(ByteBuffer.wrap(header), 0);
    }

    public Path file() {
        return file;
    }

    public NpyDtype dtype() {
        return dtype;
    }

    /** Rows written so far. */
    public long rows() {
        return rowElements == 0 ? 0 : elements / rowElements;
    }

    /** Appends {@code length} floats from {@code values[offset..]}: whole rows, converted to the file's dtype. */
    public void append(float[] values, int offset, int length) throws IOException {
        requireRows(length);
        if (dtype == NpyDtype.INT64) {
            throw new IllegalStateException(file + " holds int64, not floats");
        }
        writeFloats(values, offset, length);
    }

    private void writeFloats(float[] values, int offset, int length) throws IOException {
        int elementBytes = dtype == NpyDtype.FLOAT16 ? 2 : 4;
        for (int i = offset; i < offset + length; i++) {
            if (buffer.remaining() < elementBytes) {
                flush();
            }
            if (elementBytes == 2) {
                buffer.putShort(Float16.fromFloat(values[i]));
            } else {
                buffer.putFloat(values[i]);
            }
        }
        elements += length;
    }

    /** Appends whole rows of floats. */
    public void append(float[] values) throws IOException {
        append(values, 0, values.length);
    }

    /** Appends int64 values (whole rows). */
    public void append(long... values) throws IOException {
        requireRows(values.length);
        if (dtype != NpyDtype.INT64) {
            throw new IllegalStateException(file + " holds " + dtype + ", not int64");
        }
        writeLongs(values);
    }

    private void writeLongs(long[] values) throws IOException {
        for (long v : values) {
            if (buffer.remaining() < 8) {
                flush();
            }
            buffer.putLong(v);
        }
        elements += values.length;
    }

    /**
     * Appends the data of another {@code .npy} (read from {@code in}, positioned at its start) whose rows
     * have this file's row shape; bytes are copied as they are when the dtypes match and converted otherwise.
     *
     * @return the rows appended
     */
    public long appendNpy(InputStream in, String source) throws IOException {
        Npy.Header header = Npy.readHeader(in);
        long[] shape = header.shape();
        if (shape.length != rowShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), rowShape)) {
            throw new IOException(source + " has shape " + Arrays.toString(shape) + "; rows of " + file.getFileName()
                    + " are " + Arrays.toString(rowShape));
        }
        if (header.dtype() == dtype && header.order() == ByteOrder.LITTLE_ENDIAN) {
            flush();
            long bytes = header.dataBytes();
            byte[] chunk = new byte[BUFFER_BYTES];
            for (long left = bytes; left > 0; ) {
                int n = in.readNBytes(chunk, 0, (int) Math.min(chunk.length, left));
                if (n == 0) {
                    throw new IOException(source + " is truncated: " + (bytes - left) + " of " + bytes + " data bytes");
                }
                write(ByteBuffer.wrap(chunk, 0, n), headerLength + writtenBytes);
                writtenBytes += n;
                left -= n;
            }
            elements += header.elements();
            return shape[0];
        }
        convert(in, header, source);
        return shape[0];
    }

    /** Appends another dtype or byte order, converted a 64 KiB chunk at a time. */
    private void convert(InputStream in, Npy.Header header, String source) throws IOException {
        NpyDtype from = header.dtype();
        boolean floats = from == NpyDtype.FLOAT32 || from == NpyDtype.FLOAT16;
        if (dtype == NpyDtype.INT64 ? from != NpyDtype.INT64 : !floats) {
            throw new IOException(source + " holds " + from + ", which cannot be appended to " + dtype + " rows of " + file);
        }
        int elementBytes = from == NpyDtype.FLOAT16 ? 2 : from == NpyDtype.INT64 ? 8 : 4;
        byte[] chunk = new byte[BUFFER_BYTES];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(header.order());
        float[] converted = new float[BUFFER_BYTES / elementBytes];
        for (long left = header.elements(); left > 0; ) {
            int n = (int) Math.min(left, BUFFER_BYTES / elementBytes);
            if (in.readNBytes(chunk, 0, n * elementBytes) != n * elementBytes) {
                throw new IOException(source + " is truncated in its data");
            }
            view.clear();
            if (from == NpyDtype.INT64) {
                long[] values = new long[n];
                view.asLongBuffer().get(values);
                writeLongs(values);
            } else {
                for (int i = 0; i < n; i++) {
                    converted[i] = from == NpyDtype.FLOAT16 ? Float16.toFloat(view.getShort()) : view.getFloat();
                }
                writeFloats(converted, 0, n); // a chunk may end mid-row; the whole source is whole rows
            }
            left -= n;
        }
    }

    /** Writes what is buffered and the final header; the file is then a complete {@code .npy}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
            byte[] header = header(rows());
            if (header.length != headerLength) {
                throw new IOException("the .npy header of " + file + " changed length: " + headerLength + " -> " + header.length);
            }
            write(ByteBuffer.wrap(header), 0);
        } finally {
            channel.close();
        }
    }

    private void requireRows(int length) {
        if (closed) {
            throw new IllegalStateException(file + " is already closed");
        }
        if (rowElements == 0 ? length != 0 : length % rowElements != 0) {
            throw new IllegalArgumentException(file + ": " + length + " values are not whole rows of " + Arrays.toString(rowShape));
        }
    }

    private byte[] header(long rows) {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = rows;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return Npy.header(dtype.descr(1), shape);
    }

    private void flush() throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        write(buffer, headerLength + writtenBytes);
        writtenBytes += n;
        buffer.clear();
    }

    private void write(ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position); // positional writes may be partial
        }
    }
}
