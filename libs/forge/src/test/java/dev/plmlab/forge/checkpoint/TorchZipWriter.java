package dev.plmlab.forge.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes random-weight checkpoints of any size in the official {@code torch.save} zip layout (fair-esm
 * ESM-2: {@code {"model": {"encoder.sentence_encoder.*", "encoder.lm_head.*", "encoder.contact_head.*"},
 * "cfg": {"model": {...}}}}), storages STORED as torch writes them and {@code lm_head.weight} sharing the
 * token embedding's storage. Streamed: one tensor's bytes are in memory at a time, so a 2.6 GB
 * t33_650M-shaped file needs only its largest tensor (fc1, 26 MB) of heap. Values are cheap uniform
 * draws (LayerNorm weights around 1), not a trained model.
 */
public final class TorchZipWriter {

    private record Spec(String key, long[] shape, String storage, float centre, float spread) {
        long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private TorchZipWriter() {
    }

    /** An ESM-2 checkpoint (vocabulary 33, FFN 4 x dim, rotary) named after the file's stem. */
    public static Path esm2(Path file, int layers, int dim, int heads, long seed) throws IOException {
        List<Spec> specs = new ArrayList<>();
        String enc = "encoder.sentence_encoder.";
        specs.add(new Spec(enc + "embed_tokens.weight", new long[] {33, dim}, "embed", 0f, 0.2f));
        for (int i = 0; i < layers; i++) {
            String p = enc + "layers." + i + ".";
            for (String proj : new String[] {"k_proj", "v_proj", "q_proj", "out_proj"}) {
                linear(specs, p + "self_attn." + proj, dim, dim);
            }
            specs.add(new Spec(p + "self_attn.rot_emb.inv_freq", new long[] {dim / heads / 2}, null, 0.5f, 0.5f));
            norm(specs, p + "self_attn_layer_norm", dim);
            linear(specs, p + "fc1", 4 * dim, dim);
            linear(specs, p + "fc2", dim, 4 * dim);
            norm(specs, p + "final_layer_norm", dim);
        }
        norm(specs, enc + "emb_layer_norm_after", dim);
        specs.add(new Spec("encoder.lm_head.weight", new long[] {33, dim}, "embed", 0f, 0f)); // tied
        specs.add(new Spec("encoder.lm_head.bias", new long[] {33}, null, 0f, 0.1f));
        linear(specs, "encoder.lm_head.dense", dim, dim);
        norm(specs, "encoder.lm_head.layer_norm", dim);
        specs.add(new Spec("encoder.contact_head.regression.weight", new long[] {1, (long) layers * heads}, null, 0f, 0.1f));
        specs.add(new Spec("encoder.contact_head.regression.bias", new long[] {1}, null, 0f, 0.1f));

        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("encoder_layers", layers);
        cfg.put("encoder_embed_dim", dim);
        cfg.put("encoder_attention_heads", heads);
        cfg.put("token_dropout", true);
        return write(file, specs, cfg, seed);
    }

    private static void linear(List<Spec> specs, String prefix, int out, int in) {
        specs.add(new Spec(prefix + ".weight", new long[] {out, in}, null, 0f, 0.2f));
        specs.add(new Spec(prefix + ".bias", new long[] {out}, null, 0f, 0.1f));
    }

    private static void norm(List<Spec> specs, String prefix, int dim) {
        specs.add(new Spec(prefix + ".weight", new long[] {dim}, null, 1f, 0.1f));
        specs.add(new Spec(prefix + ".bias", new long[] {dim}, null, 0f, 0.1f));
    }

    private static Path write(Path file, List<Spec> specs, Map<String, Object> cfg, long seed) throws IOException {
        String stem = file.getFileName().toString().replaceFirst("\\.pt$", "");
        // storage keys: one per tensor, except that tied tensors name the same one
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, Spec> storages = new LinkedHashMap<>();
        for (Spec s : specs) {
            String group = s.storage() != null ? s.storage() : s.key();
            String key = keys.computeIfAbsent(group, g -> Integer.toString(keys.size()));
            storages.putIfAbsent(key, s);
        }
        PickleBytes pickle = new PickleBytes().raw('}').mark().string("model").raw('}').mark();
        for (Spec s : specs) {
            String key = keys.get(s.storage() != null ? s.storage() : s.key());
            pickle.string(s.key()).tensor("FloatStorage", key, Math.toIntExact(s.numel()), 0, s.shape(), contiguous(s.shape()));
        }
        pickle.raw('u');
        pickle.string("cfg").raw('}').mark().string("model").raw('}').mark();
        for (Map.Entry<String, Object> e : cfg.entrySet()) {
            pickle.string(e.getKey());
            if (e.getValue() instanceof Boolean b) {
                pickle.raw(b ? 0x88 : 0x89);
            } else {
                pickle.integer((Integer) e.getValue());
            }
        }
        pickle.raw('u', 'u', 'u');
        byte[] data = pickle.stop();

        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            stored(zip, stem + "/data.pkl", data);
            SplittableRandom random = new SplittableRandom(seed);
            for (Map.Entry<String, Spec> e : storages.entrySet()) {
                stored(zip, stem + "/data/" + e.getKey(), values(e.getValue(), random));
            }
            stored(zip, stem + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, stem + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static byte[] values(Spec spec, SplittableRandom random) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(spec.numel() * 4)).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining()) {
            bytes.putFloat(spec.centre() + spec.spread() * (float) (random.nextDouble() * 2 - 1));
        }
        return bytes.array();
    }

    static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static long[] contiguous(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            stride[d] = s;
            s *= shape[d];
        }
        return stride;
    }

}
