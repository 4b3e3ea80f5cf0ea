package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import net.razorvine.pickle.PickleException;

/**
 * The torch >= 1.6 format: a zip with {@code <archive>/data.pkl} (the object), {@code <archive>/data/<key>}
 * (one entry per storage, raw bytes) and {@code <archive>/version}. {@code <archive>} is the file stem at
 * save time, so it is found from the entry names rather than assumed. torch stores the storage entries
 * uncompressed, so their bytes are mapped straight from the file ({@link ZipOffsets}); a compressed entry
 * is streamed.
 */
final class ZipTorchFile implements TorchFile {

    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final ByteOrder order;
    private final Object root;
    /** Opened with the central directory when the first STORED storage is located. */
    private FileChannel channel;
    private ZipOffsets offsets;

    private ZipTorchFile(Path file, ZipFile zip, String prefix, ByteOrder order, Object root) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.order = order;
        this.root = root;
    }

    static ZipTorchFile open(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointException(file, "corrupt or truncated zip archive (" + e.getMessage() + ")", e);
        }
        try {
            ZipEntry pickle = findDataPickle(file, zip);
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            ByteOrder order = byteOrder(file, zip, prefix);
            Object root;
            try (InputStream in = zip.getInputStream(pickle)) {
                root = SafeUnpickler.load(in, pickle.getSize() < 0 ? Long.MAX_VALUE : pickle.getSize()).root();
            } catch (PickleException e) {
                throw new CheckpointException(file, "rejected pickle " + pickle.getName() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                // the unpickler's own casts and stack operations fail this way on malformed opcode sequences
                throw new CheckpointException(file, "corrupt pickle " + pickle.getName() + " (" + e + ")", e);
            } catch (ZipException e) {
                throw new CheckpointException(file, "corrupt zip entry " + pickle.getName() + " (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new CheckpointException(file, "cannot read " + pickle.getName() + " (" + e.getMessage() + ")", e);
            }
            return new ZipTorchFile(file, zip, prefix, order, root);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static ZipEntry findDataPickle(Path file, ZipFile zip) throws CheckpointException {
        ZipEntry found = null;
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            // data.pkl sits one folder deep; anything deeper is not the checkpoint's own pickle
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                if (found != null) {
                    throw new CheckpointException(file, "zip holds two data.pkl entries: " + found.getName()
                            + " and " + name);
                }
                found = entry;
            }
        }
        if (found == null) {
            throw new CheckpointException(file, "zip archive has no <name>/data.pkl entry: not a torch.save file");
        }
        return found;
    }

    /** torch >= 1.10 records the byte order; older archives are always little-endian. */
    private static ByteOrder byteOrder(Path file, ZipFile zip, String prefix) throws IOException {
        ZipEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        String text;
        try (InputStream in = zip.getInputStream(entry)) {
            text = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
        }
        return switch (text) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new CheckpointException(file, "unknown byteorder '" + text + "'");
        };
    }

    @Override
    public Object root() {
        return root;
    }

    @Override
    public StorageLocation locate(StorageRef storage) throws IOException {
        String name = prefix + "data/" + storage.key();
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CheckpointException(file, "storage entry " + name + " is missing from the zip");
        }
        long expected = Math.multiplyExact(storage.numel(), (long) storage.type().elementSize());
        if (entry.getSize() >= 0 && entry.getSize() < expected) {
            throw new CheckpointException(file, "storage entry " + name + " has " + entry.getSize()
                    + " bytes but the pickle declares " + storage.numel() + " " + storage.type().className()
                    + " elements (" + expected + " bytes)");
        }
        if (entry.getMethod() != ZipEntry.STORED) {
            return StorageLocation.compressed(file, name, expected, order);
        }
        if (offsets == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            offsets = ZipOffsets.read(file, channel);
        }
        return StorageLocation.mapped(file, offsets.dataOffset(name, expected), expected, order);
    }

    @Override
    public void close() throws IOException {
        try {
            zip.close();
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
