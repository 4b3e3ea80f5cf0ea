package dev.plmlab.forge.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file written by {@code torch.save}, opened: the unpickled object (tensors still unread) and where the
 * raw bytes of its storages lie. Two on-disk formats exist: the zip archive (torch >= 1.6) and the older
 * stream of pickles; {@link #open} tells them apart by their first bytes.
 */
interface TorchFile extends Closeable {

    /** The unpickled top-level object, with {@link TensorRef}s in place of tensors. */
    Object root();

    /**
     * Where one storage's bytes lie, after checking the file holds all {@code numel * elementSize} of them;
     * nothing is read.
     */
    StorageLocation locate(StorageRef storage) throws IOException;

    static TorchFile open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new CheckpointException(file, "is a directory, not a checkpoint file");
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "no such checkpoint file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return ZipTorchFile.open(file);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80) {
            return LegacyTorchFile.open(file);
        }
        throw new CheckpointException(file, "not a torch checkpoint: starts with neither a zip header (PK\\3\\4) "
                + "nor a pickle (0x80), first bytes " + hex(head));
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }
}
