package dev.plmlab.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * NumPy's {@code .npz}: a zip with one {@code <name>.npy} entry per array, as {@code numpy.savez}
 * writes (entries stored, not compressed: float features barely compress). Reads compressed
 * archives ({@code numpy.savez_compressed}) too. Arrays keep their order.
 */
public final class Npz {

    private static final String SUFFIX = ".npy";

    private Npz() {
    }

    public static byte[] toBytes(Map<String, NpyArray> arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(arrays, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void write(Map<String, NpyArray> arrays, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(arrays, out);
        }
    }

    /** Writes the archive and finishes it; does not close {@code out}. */
    public static void write(Map<String, NpyArray> arrays, OutputStream out) throws IOException {
        NpzWriter writer = new NpzWriter(out);
        for (Map.Entry<String, NpyArray> named : arrays.entrySet()) {
            writer.add(named.getKey(), named.getValue());
        }
        writer.finish();
    }

    public static Map<String, NpyArray> fromBytes(byte[] bytes) {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, NpyArray> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Every {@code .npy} entry, keyed by its name without the suffix, in archive order. */
    public static Map<String, NpyArray> read(InputStream in) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName();
            if (entry.isDirectory() || !name.endsWith(SUFFIX)) {
                continue;
            }
            try {
                arrays.put(name.substring(0, name.length() - SUFFIX.length()), Npy.read(zip));
            } catch (IOException e) {
                throw new IOException(".npz entry " + name + ": " + e.getMessage(), e);
            }
        }
        if (arrays.isEmpty()) {
            throw new IOException("not an .npz archive (no .npy entries)");
        }
        return arrays;
    }
}
