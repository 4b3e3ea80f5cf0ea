package dev.plmlab.forge.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes protocol-2 pickle opcodes by hand, to build torch files the golden set lacks (half-precision,
 * strided views, unknown layouts) without Python.
 */
final class PickleBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes() {
        raw(0x80, 2);
    }

    PickleBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleBytes string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        raw('X', utf8.length & 0xff, (utf8.length >> 8) & 0xff, 0, 0);
        out.writeBytes(utf8);
        return this;
    }

    PickleBytes integer(int value) {
        return raw('J', value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff);
    }

    PickleBytes global(String module, String name) {
        out.writeBytes(("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleBytes mark() {
        return raw('(');
    }

    PickleBytes tuple() {
        return raw('t');
    }

    PickleBytes intTuple(long... values) {
        mark();
        for (long v : values) {
            integer((int) v);
        }
        return tuple();
    }

    /** {@code _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False, OrderedDict())}. */
    PickleBytes tensor(String storageType, String key, int numel, int offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().string("storage").global("torch", storageType).string(key).string("cpu").integer(numel).tuple();
        raw('Q');
        integer(offset).intTuple(size).intTuple(stride).raw(0x89);
        global("collections", "OrderedDict").raw(')', 'R');
        tuple();
        return raw('R');
    }

    /** An {@code argparse.Namespace} with string attributes. */
    PickleBytes namespace(Map<String, String> attributes) {
        global("argparse", "Namespace").raw(')', 0x81, '}', '(');
        attributes.forEach((k, v) -> string(k).string(v));
        return raw('u', 'b');
    }

    byte[] stop() {
        raw('.');
        return out.toByteArray();
    }

    /** A torch zip archive holding {@code pickle} and the given storages. */
    static Path zip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        return zip(file, pickle, storages, false);
    }

    /** The same with the storages STORED, as torch writes them (so the reader maps them from the file). */
    static Path storedZip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        return zip(file, pickle, storages, true);
    }

    private static Path zip(Path file, byte[] pickle, Map<String, byte[]> storages, boolean stored) throws IOException {
        String stem = file.getFileName().toString().replace(".pt", "");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(stem + "/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                if (stored) {
                    TorchZipWriter.stored(zip, stem + "/data/" + e.getKey(), e.getValue());
                    continue;
                }
                zip.putNextEntry(new ZipEntry(stem + "/data/" + e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(stem + "/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }

    /** Where {@code needle} first occurs in {@code haystack} at or after {@code from}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
