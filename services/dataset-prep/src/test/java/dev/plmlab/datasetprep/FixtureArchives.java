package dev.plmlab.datasetprep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;

/**
 * Archives in the real formats, built at test time: FLIP's zip of {@code splits/<split>.csv}, and
 * TAPE's tar.gz of {@code <task>/<task>_<split>.lmdb/} LMDB environments (values: the fixture
 * pickles of test resource data/tape) or of {@code <task>/<task>_<split>.json} lists.
 */
final class FixtureArchives {
    private FixtureArchives() {
    }

    /** A FLIP zip: entry name → CSV text. */
    static byte[] flipZip(Map<String, String> csvByEntry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("splits/"));
            zip.closeEntry();
            for (Map.Entry<String, String> csv : csvByEntry.entrySet()) {
                zip.putNextEntry(new ZipEntry(csv.getKey()));
                zip.write(csv.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A TAPE LMDB archive: for each file base name (e.g. {@code fluorescence_train}), the fixture
     * pickles stored as its records {@code "0"}, {@code "1"}, … with {@code num_examples}.
     */
    static byte[] tapeLmdb(String task, Map<String, List<String>> picklesByFile, Path scratch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            addDirectory(tar, task + "/");
            for (Map.Entry<String, List<String>> file : picklesByFile.entrySet()) {
                Path folder = Files.createDirectories(scratch.resolve(file.getKey() + ".lmdb"));
                try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(1 << 22).setMaxDbs(1)
                        .open(folder.toFile())) {
                    Dbi<byte[]> db = env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
                    List<String> pickles = file.getValue();
                    for (int i = 0; i < pickles.size(); i++) {
                        db.put(String.valueOf(i).getBytes(StandardCharsets.US_ASCII), pickle(pickles.get(i)));
                    }
                    db.put("num_examples".getBytes(StandardCharsets.US_ASCII), pickle("num_examples_" + pickles.size() + ".pkl"));
                }
                String entry = task + "/" + file.getKey() + ".lmdb/";
                addDirectory(tar, entry);
                addFile(tar, entry + "data.mdb", Files.readAllBytes(folder.resolve("data.mdb")));
                addFile(tar, entry + "lock.mdb", Files.readAllBytes(folder.resolve("lock.mdb")));
            }
        }
        return bytes.toByteArray();
    }

    /** A TAPE JSON archive: file base name → JSON text. */
    static byte[] tapeJson(String task, Map<String, String> jsonByFile) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            addDirectory(tar, task + "/");
            for (Map.Entry<String, String> file : jsonByFile.entrySet()) {
                addFile(tar, task + "/" + file.getKey() + ".json", file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    static byte[] pickle(String name) {
        try (InputStream in = FixtureArchives.class.getResourceAsStream("/data/tape/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource data/tape/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addDirectory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name));
        tar.closeArchiveEntry();
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
