package dev.plmlab.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an {@code .npz} entry by entry, as {@code numpy.savez} lays it out (stored entries), so that an
 * archive larger than the heap can be written: entries come from arrays in memory or from {@code .npy}
 * files on disk, which are streamed (read twice: once for the CRC a stored entry needs up front).
 */
public final class NpzWriter implements Closeable {

    private static final String SUFFIX = ".npy";

    private final ZipOutputStream zip;
    private final Set<String> names = new HashSet<>();

    /** Writes to {@code out}; {@link #close} finishes the archive and closes {@code out}. */
    public NpzWriter(OutputStream out) {
        this.zip = new ZipOutputStream(out);
    }

    public static NpzWriter create(Path file) throws IOException {
        return new NpzWriter(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    public void add(String name, NpyArray array) throws IOException {
        byte[] npy = Npy.toBytes(array);
        CRC32 crc = new CRC32();
        crc.update(npy);
        begin(name, npy.length, crc.getValue());
        zip.write(npy);
        zip.closeEntry();
    }

    /** Adds a complete {@code .npy} file as entry {@code name}. */
    public void add(String name, Path npyFile) throws IOException {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(npyFile)) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                crc.update(chunk, 0, n);
            }
        }
        begin(name, Files.size(npyFile), crc.getValue());
        try (InputStream in = Files.newInputStream(npyFile)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }

    private void begin(String name, long size, long crc) throws IOException {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("array name '" + name + "' is empty or contains '/'");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("array name '" + name + "' is used twice");
        }
        ZipEntry entry = new ZipEntry(name + SUFFIX);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        zip.putNextEntry(entry);
    }

    /** Writes the archive's central directory without closing the underlying stream. */
    public void finish() throws IOException {
        zip.finish();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
