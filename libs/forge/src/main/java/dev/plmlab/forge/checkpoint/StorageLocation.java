package dev.plmlab.forge.checkpoint;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Where one storage's bytes lie, found and checked when the checkpoint is opened and used each time a
 * tensor's values are loaded. Either a plain byte range of the file (a legacy file's storages, a zip's
 * STORED entries, which is how torch writes them), to be memory-mapped, or a compressed zip entry, to be
 * streamed.
 *
 * @param file        the checkpoint
 * @param offset      the storage's first byte in the file, or -1 for a compressed zip entry
 * @param zipEntry    the zip entry's name when compressed, else null
 * @param byteLength  {@code numel * elementSize}: bytes the storage holds (checked against the file)
 * @param order       the byte order the file was written in
 */
record StorageLocation(Path file, long offset, String zipEntry, long byteLength, ByteOrder order) {

    static StorageLocation mapped(Path file, long offset, long byteLength, ByteOrder order) {
        return new StorageLocation(file, offset, null, byteLength, order);
    }

    static StorageLocation compressed(Path file, String zipEntry, long byteLength, ByteOrder order) {
        return new StorageLocation(file, -1, zipEntry, byteLength, order);
    }

    boolean isMapped() {
        return zipEntry == null;
    }
}
