package dev.plmlab.forge.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a checkpoint reads no tensor values: they come from the file (mapped) when, and each time, asked for. */
class LazyReadTest {

    @TempDir
    Path tmp;

    @Test
    void valuesAreReadFromTheFileOnlyWhenAsked() throws Exception {
        Path file = TorchZipWriter.esm2(tmp.resolve("esm2_lazy.pt"), 2, 32, 4, 7);
        Checkpoint checkpoint = CheckpointReader.read(file);
        Tensor bias = checkpoint.tensor("emb_layer_norm_after.bias");
        float[] before = bias.data();

        // rewrite those bytes in the file after the read: the tensor must see the new values
        byte[] pattern = littleEndian(before);
        byte[] content = Files.readAllBytes(file);
        int at = PickleBytes.indexOf(content, pattern, 0);
        assertTrue(at > 0 && PickleBytes.indexOf(content, pattern, at + 1) < 0, "the values occur once in the file");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            raf.write(new byte[pattern.length]);
        }
        assertArrayEquals(new float[before.length], bias.data());
        assertEquals(2f * 0, bias.data()[0]);
    }

    @Test
    void aFileTruncatedAfterTheReadIsReportedWithTheTensorThatNeedsTheBytes() throws Exception {
        Path file = TorchZipWriter.esm2(tmp.resolve("esm2_cut.pt"), 2, 32, 4, 7);
        Checkpoint checkpoint = CheckpointReader.read(file);
        float[] early = checkpoint.tensor("embed_tokens.weight").data();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        // storages lie in state order: the embedding is in the first half, the LM head's dense layer is not
        assertArrayEquals(early, checkpoint.tensor("embed_tokens.weight").data());
        CheckpointException e = assertThrows(CheckpointException.class, () -> checkpoint.tensor("lm_head.dense.weight").load());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("lm_head.dense.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void tiedTensorsShareTheStorageAndEachLoadIsACopy() throws Exception {
        Checkpoint checkpoint = CheckpointReader.read(GoldenFixtures.checkpoint("esm2"));
        float[] embedding = checkpoint.tensor("embed_tokens.weight").data();
        float[] head = checkpoint.tensor("lm_head.weight").data();
        assertArrayEquals(embedding, head);
        embedding[0] += 1;
        assertFalse(embedding[0] == checkpoint.tensor("lm_head.weight").data()[0]);
    }

    @Test
    void mappingInTinyPiecesGivesTheSameValues() throws Exception {
        Map<String, String> whole = new LinkedHashMap<>();
        for (String family : new String[] {"esm2", "esm1b", "esm1", "carp"}) {
            whole.put(family, digest(CheckpointReader.read(GoldenFixtures.checkpoint(family))));
            whole.put(family + "-legacy", digest(CheckpointReader.read(GoldenFixtures.legacyCheckpoint(family))));
        }
        int saved = StorageReader.pieceBytes;
        StorageReader.pieceBytes = 8; // every element boundary of every storage type, pieces of 2 to 8 elements
        try {
            for (String family : new String[] {"esm2", "esm1b", "esm1", "carp"}) {
                assertEquals(whole.get(family), digest(CheckpointReader.read(GoldenFixtures.checkpoint(family))), family);
                assertEquals(whole.get(family + "-legacy"),
                        digest(CheckpointReader.read(GoldenFixtures.legacyCheckpoint(family))), family + " legacy");
            }
        } finally {
            StorageReader.pieceBytes = saved;
        }
    }

    @Test
    void storedEntriesAreMappedWithStridesAndOffsets() throws Exception {
        byte[] f32 = littleEndian(new float[] {10f, 11f, 12f, 13f, 14f, 15f});
        byte[] pickle = new PickleBytes().raw('}').mark().string("model").raw('}').mark()
                // the transpose of a 2x3 matrix: shape (3, 2), strides (1, 3)
                .string("contact_head.t").tensor("FloatStorage", "0", 6, 0, new long[] {3, 2}, new long[] {1, 3})
                .string("contact_head.tail").tensor("FloatStorage", "0", 6, 4, new long[] {2}, new long[] {1})
                .raw('u', 'u').stop();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("0", f32);
        Path file = PickleBytes.storedZip(tmp.resolve("mapped-contact-regression.pt"), pickle, storages);
        int saved = StorageReader.pieceBytes;
        for (int piece : new int[] {saved, 4, 8}) {
            StorageReader.pieceBytes = piece;
            try {
                Map<String, Tensor> tensors = CheckpointReader.readContactRegression(file);
                assertArrayEquals(new float[] {10f, 13f, 11f, 14f, 12f, 15f}, tensors.get("contact_head.t").data());
                assertArrayEquals(new float[] {14f, 15f}, tensors.get("contact_head.tail").data());
            } finally {
                StorageReader.pieceBytes = saved;
            }
        }
    }

    private static String digest(Checkpoint checkpoint) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, Tensor> e : checkpoint.state().entrySet()) {
            sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(littleEndian(e.getValue().data()));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }
}
