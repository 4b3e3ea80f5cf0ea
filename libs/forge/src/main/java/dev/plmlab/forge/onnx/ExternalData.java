package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.plmlab.model.numeric.Float16;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sidecar {@code model.onnx.data} of a graph being built, written as initializers are added: each
 * tensor's bytes (little-endian float32, or float16) start at a multiple of {@link #ALIGNMENT} so ORT can
 * memory-map them, and its TensorProto gets the ONNX external-data entries ({@code location}, {@code offset},
 * {@code length}) instead of raw data. Values are converted through a small buffer, never as a whole.
 */
final class ExternalData implements Closeable {

    /** Tensors smaller than this stay inline (as onnx's own converter does). */
    static final int INLINE_MAX_BYTES = 1024;
    /** External tensors start at multiples of this, so ORT can memory-map them. */
    static final long ALIGNMENT = 4096;
    private static final int CHUNK_VALUES = 1 << 18;

    /** How float values are stored. */
    enum Encoding {
        FLOAT32(4), FLOAT16(2);

        private final int bytesPerValue;

        Encoding(int bytesPerValue) {
            this.bytesPerValue = bytesPerValue;
        }

        int bytesPerValue() {
            return bytesPerValue;
        }

        /** Values {@code from .. from+count} as little-endian bytes. */
        byte[] encode(float[] values, int from, int count) {
            ByteBuffer bytes = ByteBuffer.allocate(count * bytesPerValue).order(ByteOrder.LITTLE_ENDIAN);
            fill(bytes, values, from, count);
            return bytes.array();
        }

        void fill(ByteBuffer into, float[] values, int from, int count) {
            if (this == FLOAT32) {
                into.asFloatBuffer().put(values, from, count);
                into.position(into.position() + count * 4);
            } else {
                for (int i = from; i < from + count; i++) {
                    into.putShort(Float16.fromFloat(values[i]));
                }
            }
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_VALUES * 4).order(ByteOrder.LITTLE_ENDIAN);
    private long end;

    private ExternalData(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Creates (or empties) {@code file}. */
    static ExternalData create(Path file) throws IOException {
        return new ExternalData(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
    }

    /** Appends the values at the next aligned offset and points {@code tensor} at them. */
    TensorProto.Builder write(TensorProto.Builder tensor, Encoding encoding, float[] values) throws IOException {
        long offset = (end + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        long at = offset;
        for (int from = 0; from < values.length; from += CHUNK_VALUES) {
            int count = Math.min(CHUNK_VALUES, values.length - from);
            chunk.clear();
            encoding.fill(chunk, values, from, count);
            chunk.flip();
            while (chunk.hasRemaining()) {
                at += channel.write(chunk, at); // positional writes may be partial
            }
        }
        long length = (long) values.length * encoding.bytesPerValue();
        end = offset + length;
        return tensor.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", file.getFileName().toString()))
                .addExternalData(entry("offset", Long.toString(offset)))
                .addExternalData(entry("length", Long.toString(length)));
    }

    /** Bytes written so far, alignment padding included. */
    long size() {
        return end;
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
