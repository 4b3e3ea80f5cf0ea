package dev.plmlab.forge.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage types, strides and offsets the golden files do not exercise, in hand-built torch files. */
class CheckpointReaderStorageTest {

    @TempDir
    Path tmp;

    @Test
    void convertsHalfAndBfloat16AndFollowsStridesAndOffsets() throws Exception {
        // half: 1, 2, -0.5, 65504 (largest), 2^-24 (smallest subnormal), -0
        byte[] half = shorts(0x3C00, 0x4000, 0xB800, 0x7BFF, 0x0001, 0x8000);
        // bfloat16: 1, -2, 3, 0.5, 100
        byte[] bf16 = shorts(0x3F80, 0xC000, 0x4040, 0x3F00, 0x42C8);
        byte[] f32 = floats(10f, 11f, 12f, 13f, 14f);
        byte[] pickle = new PickleBytes().raw('}').mark().string("model").raw('}').mark()
                // the transpose of a 2x3 half matrix: shape (3, 2), strides (1, 3)
                .string("contact_head.half").tensor("HalfStorage", "0", 6, 0, new long[] {3, 2}, new long[] {1, 3})
                // every other bf16 element from offset 1
                .string("contact_head.bf16").tensor("BFloat16Storage", "1", 5, 1, new long[] {2}, new long[] {2})
                // two views of one float storage, as tied tensors are stored
                .string("contact_head.a").tensor("FloatStorage", "2", 5, 0, new long[] {5}, new long[] {1})
                .string("contact_head.b").tensor("FloatStorage", "2", 5, 2, new long[] {2}, new long[] {1})
                .raw('u', 'u').stop();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("0", half);
        storages.put("1", bf16);
        storages.put("2", f32);
        Path file = PickleBytes.zip(tmp.resolve("views-contact-regression.pt"), pickle, storages);

        Map<String, Tensor> tensors = CheckpointReader.readContactRegression(file);
        Tensor t = tensors.get("contact_head.half");
        assertArrayEquals(new long[] {3, 2}, t.shape());
        // row-major of the transpose of [[1, 2, -0.5], [65504, 2^-24, -0]]
        assertArrayEquals(new float[] {1f, 65504f, 2f, 0x1p-24f, -0.5f, -0f}, t.data());
        assertArrayEquals(new float[] {-2f, 0.5f}, tensors.get("contact_head.bf16").data());
        assertArrayEquals(new float[] {10f, 11f, 12f, 13f, 14f}, tensors.get("contact_head.a").data());
        assertArrayEquals(new float[] {12f, 13f}, tensors.get("contact_head.b").data());
    }

    @Test
    void rejectsViewReachingPastItsStorage() throws Exception {
        byte[] pickle = new PickleBytes().raw('}').mark().string("model").raw('}').mark()
                .string("contact_head.x").tensor("FloatStorage", "0", 4, 2, new long[] {2, 2}, new long[] {2, 1})
                .raw('u', 'u').stop();
        Path file = PickleBytes.zip(tmp.resolve("bad-contact-regression.pt"), pickle, Map.of("0", floats(1, 2, 3, 4)));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.readContactRegression(file));
        assertTrue(e.getMessage().contains("reaches element 5 of storage 0 which has 4 elements"), e.getMessage());
    }

    @Test
    void rejectsStorageEntryShorterThanDeclared() throws Exception {
        byte[] pickle = new PickleBytes().raw('}').mark().string("model").raw('}').mark()
                .string("contact_head.x").tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1})
                .raw('u', 'u').stop();
        Path file = PickleBytes.zip(tmp.resolve("short-contact-regression.pt"), pickle, Map.of("0", floats(1, 2)));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.readContactRegression(file));
        assertTrue(e.getMessage().contains("has 8 bytes but the pickle declares 4 FloatStorage elements"), e.getMessage());
    }

    @Test
    void rejectsUnsupportedArchitecture() throws Exception {
        byte[] pickle = new PickleBytes().raw('}').mark()
                .string("args").namespace(Map.of("arch", "msa_transformer"))
                .string("model").raw('}')
                .raw('u').stop();
        Path file = PickleBytes.zip(tmp.resolve("esm_msa1b_t12_100M_UR50S.pt"), pickle, Map.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("unsupported fair-esm architecture args.arch='msa_transformer'"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void rejectsUnknownLayout() throws Exception {
        byte[] pickle = new PickleBytes().raw('}').mark().string("weights").raw('}').raw('u').stop();
        Path file = PickleBytes.zip(tmp.resolve("other.pt"), pickle, Map.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("unknown checkpoint layout with top-level keys [weights]"), e.getMessage());
    }

    private static byte[] shorts(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putShort((short) v);
        }
        return buffer.array();
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }
}
