package dev.plmlab.forge.checkpoint;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.PickleException;

/**
 * The pre-1.6 torch format ({@code _use_new_zipfile_serialization=False}), a stream of five pickles and
 * then raw storages:
 * <ol>
 *   <li>the magic number {@code 0x1950a86a20f9469cfc6c},</li>
 *   <li>the protocol version (1001),</li>
 *   <li>system info ({@code little_endian}, type sizes),</li>
 *   <li>the object,</li>
 *   <li>the list of storage keys, in the order their bytes follow,</li>
 * </ol>
 * then for each key an 8-byte element count (in the writer's byte order) and the elements.
 */
final class LegacyTorchFile implements TorchFile {

    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int PROTOCOL_VERSION = 1001;

    private final Path file;
    private final FileChannel channel;
    private final ByteOrder order;
    private final Object root;
    /** Byte offset of each storage's elements (just after its count). */
    private final Map<String, Long> dataOffsets;

    private LegacyTorchFile(Path file, FileChannel channel, ByteOrder order, Object root, Map<String, Long> dataOffsets) {
        this.file = file;
        this.channel = channel;
        this.order = order;
        this.root = root;
        this.dataOffsets = dataOffsets;
    }

    static LegacyTorchFile open(Path file) throws IOException {
        long size = Files.size(file);
        CountingInput in = new CountingInput(new BufferedInputStream(Files.newInputStream(file), 1 << 16), size);
        SafeUnpickler.Result object;
        List<?> keys;
        ByteOrder order;
        try (InputStream closer = in.source()) {
            Object magic = next(file, in, "magic number").root();
            if (!(magic instanceof Number n) || !MAGIC.equals(new BigInteger(n.toString()))) {
                throw new CheckpointException(file, "wrong magic number " + magic + " for a legacy torch file (expected "
                        + MAGIC + ")");
            }
            Object protocol = next(file, in, "protocol version").root();
            if (!(protocol instanceof Number p) || p.intValue() != PROTOCOL_VERSION) {
                throw new CheckpointException(file, "unsupported legacy protocol version " + protocol);
            }
            Object sysInfo = next(file, in, "system info").root();
            order = byteOrder(file, sysInfo);
            object = next(file, in, "object");
            Object keyList = next(file, in, "storage key list").root();
            if (!(keyList instanceof List<?> list)) {
                throw new CheckpointException(file, "storage key list is not a list");
            }
            keys = list;
        }
        long dataStart = in.position();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            Map<String, Long> offsets = indexStorages(file, channel, order, dataStart, keys, object.storages());
            return new LegacyTorchFile(file, channel, order, object.root(), offsets);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SafeUnpickler.Result next(Path file, CountingInput in, String what) throws IOException {
        try {
            return SafeUnpickler.load(in, in.remaining());
        } catch (PickleException e) {
            throw new CheckpointException(file, "rejected legacy " + what + " pickle: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the unpickler's own casts and stack operations fail this way on malformed opcode sequences
            throw new CheckpointException(file, "corrupt legacy " + what + " pickle (" + e + ")", e);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read legacy " + what + " pickle (" + e.getMessage() + ")", e);
        }
    }

    private static ByteOrder byteOrder(Path file, Object sysInfo) throws CheckpointException {
        if (sysInfo instanceof Map<?, ?> info && info.get("little_endian") instanceof Boolean little) {
            return little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        }
        throw new CheckpointException(file, "legacy system info has no little_endian flag");
    }

    /** Walks the count headers once so each storage can later be read on its own. */
    private static Map<String, Long> indexStorages(Path file, FileChannel channel, ByteOrder order, long start,
            List<?> keys, Map<String, StorageRef> refs) throws IOException {
        Map<String, Long> offsets = new LinkedHashMap<>();
        long size = channel.size();
        long at = start;
        ByteBuffer header = ByteBuffer.allocate(8).order(order);
        for (Object k : keys) {
            String key = String.valueOf(k);
            StorageRef ref = refs.get(key);
            if (ref == null) {
                throw new CheckpointException(file, "storage key " + key + " is listed but no tensor uses it");
            }
            header.clear();
            readFully(file, channel, header, at, "count of storage " + key);
            long count = header.getLong(0);
            if (count != ref.numel()) {
                throw new CheckpointException(file, "storage " + key + " holds " + count
                        + " elements but the pickle declares " + ref.numel());
            }
            long bytes = Math.multiplyExact(count, (long) ref.type().elementSize());
            long dataAt = at + 8;
            if (dataAt + bytes > size) {
                throw new CheckpointException(file, "truncated: storage " + key + " needs bytes " + dataAt + ".."
                        + (dataAt + bytes) + " but the file has " + size);
            }
            offsets.put(key, dataAt);
            at = dataAt + bytes;
        }
        for (String key : refs.keySet()) {
            if (!offsets.containsKey(key)) {
                throw new CheckpointException(file, "storage " + key + " is used by a tensor but not in the key list");
            }
        }
        return offsets;
    }

    private static void readFully(Path file, FileChannel channel, ByteBuffer into, long at, String what) throws IOException {
        long position = at;
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                throw new CheckpointException(file, "truncated: end of file while reading " + what);
            }
            position += n;
        }
    }

    @Override
    public Object root() {
        return root;
    }

    @Override
    public StorageLocation locate(StorageRef storage) throws IOException {
        Long at = dataOffsets.get(storage.key());
        if (at == null) {
            throw new CheckpointException(file, "unknown storage " + storage.key());
        }
        long bytes = Math.multiplyExact(storage.numel(), (long) storage.type().elementSize());
        return StorageLocation.mapped(file, at, bytes, order); // its extent was checked against the file on open
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
