package dev.plmlab.embedder;

import dev.plmlab.model.messages.JobIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sha256 of local files (checkpoints, forged graphs), computed once and remembered under the file's
 * absolute path, size, modification time and file key (inode): a file edited in place or replaced under the
 * same name gets a new hash, an unchanged one is never read again. A 2.6 GB checkpoint takes seconds to hash; a cache hit takes a stat.
 */
final class ContentHashes {

    private final Path folder;
    private final AtomicLong hashed = new AtomicLong();

    /** @param folder where the remembered hashes are kept, one small file per path */
    ContentHashes(Path folder) {
        this.folder = folder;
    }

    /** How many files this instance has read in full (for tests and logs). */
    long filesHashed() {
        return hashed.get();
    }

    String sha256(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        String stamp = stamp(absolute);
        Path record = folder.resolve(JobIds.sha256(absolute.toString()).substring(0, 40) + ".properties");
        Properties remembered = read(record);
        if (remembered != null && absolute.toString().equals(remembered.getProperty("path"))
                && stamp.equals(remembered.getProperty("stamp"))) {
            return remembered.getProperty("sha256");
        }
        String sha256 = hash(absolute);
        hashed.incrementAndGet();
        // A file changed while it was read must not be remembered under its new time with its old content.
        if (!stamp(absolute).equals(stamp)) {
            throw new IOException(absolute + " changed while its sha256 was computed; try again once it is written");
        }
        Properties fresh = new Properties();
        fresh.setProperty("path", absolute.toString());
        fresh.setProperty("stamp", stamp);
        fresh.setProperty("sha256", sha256);
        write(record, fresh);
        return sha256;
    }

    /** Size, modification time (as precise as the file system keeps it) and file key. */
    private static String stamp(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return attributes.size() + "/" + attributes.lastModifiedTime() + "/" + attributes.fileKey();
    }

    private static Properties read(Path record) throws IOException {
        if (!Files.isRegularFile(record)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(record)) {
            properties.load(in);
        } catch (IllegalArgumentException e) {
            return null; // a damaged record is recomputed
        }
        return properties;
    }

    private void write(Path record, Properties properties) throws IOException {
        Files.createDirectories(folder);
        Path staging = Files.createTempFile(folder, "hash", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(staging)) {
                properties.store(out, "sha256 of a local file, valid while its stamp (size/modified/file key) is this");
            }
            try {
                Files.move(staging, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, record, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    private static String hash(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
