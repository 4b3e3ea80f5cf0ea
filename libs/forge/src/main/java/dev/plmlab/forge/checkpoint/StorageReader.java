package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Loads one tensor's values from its storage on disk: memory-maps just the byte span the (strided) view
 * covers, in pieces of at most {@link #pieceBytes} so that storages and views over 2 GiB need no int
 * offsets, copies the elements out in row-major order as float32 and unmaps the pieces at once (they
 * would otherwise stay resident until a garbage collection). A compressed zip entry is streamed instead,
 * up to the span's end.
 */
final class StorageReader {

    /** Largest piece mapped at once; a multiple of every element size. Tests lower it to exercise piece edges. */
    static int pieceBytes = 1 << 30;

    private static final Unmapper UNMAPPER = Unmapper.find();

    private StorageReader() {
    }

    /**
     * @param name   the tensor, for messages
     * @param offset the view's storage offset in elements
     * @param last   the last element index the view reaches (already checked to lie inside the storage)
     */
    static float[] load(String name, StorageLocation location, StorageType type, long offset, long last,
            long[] shape, long[] stride, int numel) throws IOException {
        float[] out = new float[numel];
        if (numel == 0) {
            return out;
        }
        int elementSize = type.elementSize();
        long spanStart = Math.multiplyExact(offset, (long) elementSize);
        long spanEnd = Math.multiplyExact(Math.addExact(last, 1), (long) elementSize);
        if (location.isMapped()) {
            try (FileChannel channel = FileChannel.open(location.file(), StandardOpenOption.READ)) {
                long from = Math.addExact(location.offset(), spanStart);
                long to = Math.addExact(location.offset(), spanEnd);
                if (to > channel.size()) {
                    throw new CheckpointException(location.file(), "truncated: tensor " + name + " needs bytes " + from
                            + ".." + to + " but the file has " + channel.size());
                }
                Pieces pieces = new Pieces(channel, location, from, to - from);
                try {
                    gather(type, pieces, shape, stride, out);
                } finally {
                    pieces.release();
                }
            }
        } else {
            ByteBuffer bytes = streamed(name, location, spanStart, spanEnd - spanStart);
            gather(type, new Pieces(bytes), shape, stride, out);
        }
        return out;
    }

    private static ByteBuffer streamed(String name, StorageLocation location, long skip, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(location.file(), "tensor " + name + " spans " + length + " bytes of the compressed zip entry "
                    + location.zipEntry() + "; over 2 GiB only uncompressed (STORED) entries, as torch writes them, can be read");
        }
        try (ZipFile zip = new ZipFile(location.file().toFile())) {
            ZipEntry entry = zip.getEntry(location.zipEntry());
            if (entry == null) {
                throw new CheckpointException(location.file(), "storage entry " + location.zipEntry() + " is missing from the zip");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                in.skipNBytes(skip);
                bytes = in.readNBytes((int) length);
            } catch (java.io.EOFException e) {
                bytes = new byte[0];
            }
            if (bytes.length != length) {
                throw new CheckpointException(location.file(), "storage entry " + location.zipEntry() + " is truncated: tensor "
                        + name + " needs bytes " + skip + ".." + (skip + length));
            }
            return ByteBuffer.wrap(bytes).order(location.order());
        } catch (ZipException e) {
            throw new CheckpointException(location.file(), "corrupt zip entry " + location.zipEntry() + " (tensor " + name + ": "
                    + e.getMessage() + ")", e);
        }
    }

    /** Copies a strided view into row-major order, walking the index like an odometer. */
    private static void gather(StorageType type, Pieces pieces, long[] shape, long[] stride, float[] out) {
        int rank = shape.length;
        int elementSize = type.elementSize();
        if (type == StorageType.FLOAT && isContiguous(shape, stride)) {
            int at = 0;
            for (int p = 0; at < out.length; p++) {
                ByteBuffer piece = pieces.piece(p);
                int n = Math.min(out.length - at, piece.remaining() / 4);
                piece.asFloatBuffer().get(out, at, n);
                at += n;
            }
            return;
        }
        long[] index = new long[rank];
        long position = 0; // elements from the view's first element
        for (int i = 0; i < out.length; i++) {
            long byteAt = position * elementSize;
            out[i] = type.getAt(pieces.piece((int) (byteAt / pieces.pieceSize)), (int) (byteAt % pieces.pieceSize));
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                position += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                position -= stride[d] * index[d];
                index[d] = 0;
            }
        }
    }

    static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** A byte span cut into pieces of {@code pieceSize} bytes, each mapped when first used. */
    private static final class Pieces {
        private final FileChannel channel;
        private final StorageLocation location;
        private final long from;
        private final long length;
        private final long pieceSize;
        private final ByteBuffer[] pieces;

        Pieces(FileChannel channel, StorageLocation location, long from, long length) {
            this.channel = channel;
            this.location = location;
            this.from = from;
            this.length = length;
            this.pieceSize = pieceBytes;
            this.pieces = new ByteBuffer[Math.toIntExact((length + pieceSize - 1) / pieceSize)];
        }

        Pieces(ByteBuffer whole) {
            this.channel = null;
            this.location = null;
            this.from = 0;
            this.length = whole.remaining();
            this.pieceSize = Integer.MAX_VALUE;
            this.pieces = new ByteBuffer[] {whole};
        }

        /** Piece {@code p}, positioned at its start (a fresh view each call). */
        ByteBuffer piece(int p) {
            ByteBuffer piece = pieces[p];
            if (piece == null) {
                long start = p * pieceSize;
                long size = Math.min(pieceSize, length - start);
                try {
                    piece = channel.map(FileChannel.MapMode.READ_ONLY, from + start, size).order(location.order());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(new CheckpointException(location.file(),
                            "cannot map bytes " + (from + start) + ".." + (from + start + size) + " (" + e.getMessage() + ")", e));
                }
                pieces[p] = piece;
            }
            return piece.duplicate().order(piece.order());
        }

        void release() {
            for (int p = 0; p < pieces.length; p++) {
                if (pieces[p] instanceof MappedByteBuffer mapped) {
                    UNMAPPER.unmap(mapped);
                }
                pieces[p] = null;
            }
        }
    }

    /**
     * Unmaps a buffer now through {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported) when the
     * JVM offers it; otherwise the mapping goes with the buffer's collection. The buffer is never used after.
     */
    private interface Unmapper {
        void unmap(MappedByteBuffer buffer);

        static Unmapper find() {
            try {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field field = unsafeClass.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                Object unsafe = field.get(null);
                Method invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
                return buffer -> {
                    try {
                        invokeCleaner.invoke(unsafe, buffer);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // left to the garbage collector
                    }
                };
            } catch (ReflectiveOperationException | RuntimeException e) {
                return buffer -> { };
            }
        }
    }
}
