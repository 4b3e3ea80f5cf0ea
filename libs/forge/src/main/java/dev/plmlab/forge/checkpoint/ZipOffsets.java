package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each zip entry's data starts in the file, which {@link java.util.zip.ZipFile} does not say: the
 * central directory (zip64 included, as torch writes for files over 4 GiB) gives each entry's local
 * header, and the local header's own name and extra lengths give the data's first byte. Only read for
 * STORED entries, whose bytes are then mapped straight from the file.
 */
final class ZipOffsets {

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Long> localHeaders;

    private ZipOffsets(Path file, FileChannel channel, Map<String, Long> localHeaders) {
        this.file = file;
        this.channel = channel;
        this.localHeaders = localHeaders;
    }

    static ZipOffsets read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        int tailLength = (int) Math.min(size, 22 + 0xffff);
        ByteBuffer tail = read(file, channel, size - tailLength, tailLength);
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new CheckpointException(file, "corrupt or truncated zip archive (no end of central directory)");
        }
        long entries = tail.getShort(eocd + 10) & 0xffff;
        long cdSize = tail.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = tail.getInt(eocd + 16) & 0xffffffffL;
        long eocdAt = size - tailLength + eocd;
        if ((entries == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) && eocdAt >= 20) {
            ByteBuffer locator = read(file, channel, eocdAt - 20, 20);
            if (locator.getInt(0) == ZIP64_LOCATOR) {
                ByteBuffer zip64 = read(file, channel, locator.getLong(8), 56);
                if (zip64.getInt(0) != ZIP64_EOCD) {
                    throw new CheckpointException(file, "corrupt zip64 end of central directory");
                }
                entries = zip64.getLong(32);
                cdSize = zip64.getLong(40);
                cdOffset = zip64.getLong(48);
            }
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size || cdSize > Integer.MAX_VALUE) {
            throw new CheckpointException(file, "corrupt zip central directory at " + cdOffset + " (" + cdSize + " bytes)");
        }
        ByteBuffer cd = read(file, channel, cdOffset, (int) cdSize);
        Map<String, Long> headers = new HashMap<>();
        int at = 0;
        for (long n = 0; n < entries; n++) {
            if (at + 46 > cd.limit() || cd.getInt(at) != CENTRAL) {
                throw new CheckpointException(file, "corrupt zip central directory entry " + n);
            }
            int nameLength = cd.getShort(at + 28) & 0xffff;
            int extraLength = cd.getShort(at + 30) & 0xffff;
            int commentLength = cd.getShort(at + 32) & 0xffff;
            long compressed = cd.getInt(at + 20) & 0xffffffffL;
            long uncompressed = cd.getInt(at + 24) & 0xffffffffL;
            long localHeader = cd.getInt(at + 42) & 0xffffffffL;
            if (at + 46 + nameLength + extraLength > cd.limit()) {
                throw new CheckpointException(file, "corrupt zip central directory entry " + n);
            }
            byte[] name = new byte[nameLength];
            cd.get(at + 46, name);
            if (localHeader == 0xffffffffL) {
                localHeader = zip64Offset(file, cd, at + 46 + nameLength, extraLength,
                        uncompressed == 0xffffffffL, compressed == 0xffffffffL);
            }
            headers.put(new String(name, StandardCharsets.UTF_8), localHeader);
            at += 46 + nameLength + extraLength + commentLength;
        }
        return new ZipOffsets(file, channel, headers);
    }

    /** The local header offset in a zip64 extra field, after the sizes that the entry also moved there. */
    private static long zip64Offset(Path file, ByteBuffer cd, int extraAt, int extraLength, boolean hasUncompressed,
            boolean hasCompressed) throws CheckpointException {
        int at = extraAt;
        while (at + 4 <= extraAt + extraLength) {
            int id = cd.getShort(at) & 0xffff;
            int length = cd.getShort(at + 2) & 0xffff;
            if (id == 0x0001) {
                int field = at + 4 + (hasUncompressed ? 8 : 0) + (hasCompressed ? 8 : 0);
                if (field + 8 > at + 4 + length) {
                    break;
                }
                return cd.getLong(field);
            }
            at += 4 + length;
        }
        throw new CheckpointException(file, "zip entry lacks its zip64 local header offset");
    }

    /** The file offset of the entry's first data byte, checking that {@code length} bytes follow it. */
    long dataOffset(String entry, long length) throws IOException {
        Long header = localHeaders.get(entry);
        if (header == null) {
            throw new CheckpointException(file, "zip entry " + entry + " is not in the central directory");
        }
        ByteBuffer local = read(file, channel, header, 30);
        if (local.getInt(0) != LOCAL) {
            throw new CheckpointException(file, "zip entry " + entry + " has no local header at " + header);
        }
        long data = header + 30 + (local.getShort(26) & 0xffff) + (local.getShort(28) & 0xffff);
        if (data + length > channel.size()) {
            throw new CheckpointException(file, "storage entry " + entry + " is truncated: it needs bytes " + data + ".."
                    + (data + length) + " but the file has " + channel.size());
        }
        return data;
    }

    private static ByteBuffer read(Path file, FileChannel channel, long at, int length) throws IOException {
        if (at < 0 || at + length > channel.size()) {
            throw new CheckpointException(file, "corrupt or truncated zip archive (bytes " + at + ".." + (at + length)
                    + " of " + channel.size() + ")");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long position = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new CheckpointException(file, "truncated: end of file at " + position);
            }
            position += n;
        }
        return buffer.flip();
    }
}
