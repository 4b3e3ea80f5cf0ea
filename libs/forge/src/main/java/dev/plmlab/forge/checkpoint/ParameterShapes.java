package dev.plmlab.forge.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters each family's reference model declares, with the shapes its config implies, under the
 * names a {@link Checkpoint} uses (prefixes stripped). The reader checks files against this so a wrong or
 * mismatched file fails at load time with the tensor named, not deep inside graph building.
 *
 * <p>Buffers the reference recomputes or never reads by value (ESM-1's {@code embed_positions._float_tensor})
 * are not listed; ESM-2's {@code rot_emb.inv_freq} is, because it is in every ESM-2 file.
 */
public final class ParameterShapes {

    /** Token vocabulary sizes of the reference alphabets. */
    public static final int ESM_VOCAB = 33;
    public static final int ESM1_VOCAB = 35;
    public static final int CARP_VOCAB = 30;

    private ParameterShapes() {
    }

    /**
     * Expected parameter names and shapes for a family and its normalised config (as in
     * {@link Checkpoint#config()}), in the reference's state-dict order.
     *
     * @throws IllegalArgumentException if the config lacks a size it needs
     */
    public static Map<String, long[]> expected(Family family, Map<String, Object> config) {
        return switch (family) {
            case ESM2 -> esmTransformer(config, true);
            case ESM1B -> esmTransformer(config, false);
            case ESM1 -> esm1(config);
            case CARP -> carp(config);
        };
    }

    private static Map<String, long[]> esmTransformer(Map<String, Object> config, boolean rotary) {
        long d = size(config, "embed_dim");
        long f = size(config, "ffn_embed_dim");
        long heads = size(config, "attention_heads");
        long layers = size(config, "layers");
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embed_tokens.weight", new long[] {ESM_VOCAB, d});
        if (!rotary) {
            // fairseq's learned positions reserve rows up to padding_idx (1) before position 0
            shapes.put("embed_positions.weight", new long[] {size(config, "max_positions") + 2, d});
            if (Boolean.TRUE.equals(config.get("emb_layer_norm_before"))) {
                shapes.put("emb_layer_norm_before.weight", new long[] {d});
                shapes.put("emb_layer_norm_before.bias", new long[] {d});
            }
        }
        for (int i = 0; i < layers; i++) {
            String p = "layers." + i + ".";
            attention(shapes, p, d);
            if (rotary) {
                shapes.put(p + "self_attn.rot_emb.inv_freq", new long[] {d / heads / 2});
            }
            feedForward(shapes, p, d, f);
        }
        shapes.put("emb_layer_norm_after.weight", new long[] {d});
        shapes.put("emb_layer_norm_after.bias", new long[] {d});
        shapes.put("lm_head.dense.weight", new long[] {d, d});
        shapes.put("lm_head.dense.bias", new long[] {d});
        shapes.put("lm_head.layer_norm.weight", new long[] {d});
        shapes.put("lm_head.layer_norm.bias", new long[] {d});
        shapes.put("lm_head.weight", new long[] {ESM_VOCAB, d});
        shapes.put("lm_head.bias", new long[] {ESM_VOCAB});
        return shapes;
    }

    private static Map<String, long[]> esm1(Map<String, Object> config) {
        long d = size(config, "embed_dim");
        long f = size(config, "ffn_embed_dim");
        long layers = size(config, "layers");
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embed_tokens.weight", new long[] {ESM1_VOCAB, d});
        for (int i = 0; i < layers; i++) {
            String p = "layers." + i + ".";
            attention(shapes, p, d);
            shapes.put(p + "self_attn.bias_k", new long[] {1, 1, d});
            shapes.put(p + "self_attn.bias_v", new long[] {1, 1, d});
            feedForward(shapes, p, d, f);
        }
        shapes.put("embed_out", new long[] {ESM1_VOCAB, d});
        if (Boolean.TRUE.equals(config.get("final_bias"))) {
            shapes.put("embed_out_bias", new long[] {ESM1_VOCAB});
        }
        return shapes;
    }

    private static void attention(Map<String, long[]> shapes, String p, long d) {
        for (String proj : new String[] {"k_proj", "v_proj", "q_proj", "out_proj"}) {
            shapes.put(p + "self_attn." + proj + ".weight", new long[] {d, d});
            shapes.put(p + "self_attn." + proj + ".bias", new long[] {d});
        }
        shapes.put(p + "self_attn_layer_norm.weight", new long[] {d});
        shapes.put(p + "self_attn_layer_norm.bias", new long[] {d});
    }

    private static void feedForward(Map<String, long[]> shapes, String p, long d, long f) {
        shapes.put(p + "fc1.weight", new long[] {f, d});
        shapes.put(p + "fc1.bias", new long[] {f});
        shapes.put(p + "fc2.weight", new long[] {d, f});
        shapes.put(p + "fc2.bias", new long[] {d});
        shapes.put(p + "final_layer_norm.weight", new long[] {d});
        shapes.put(p + "final_layer_norm.bias", new long[] {d});
    }

    private static Map<String, long[]> carp(Map<String, Object> config) {
        long embed = size(config, "d_embed");
        long model = size(config, "d_model");
        long layers = size(config, "n_layers");
        long kernel = size(config, "kernel_size");
        // ByteNet's "slim" blocks halve the hidden width
        long hidden = Boolean.TRUE.equals(config.get("slim")) ? model / 2 : model;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embedder.embedder.weight", new long[] {CARP_VOCAB, embed});
        shapes.put("embedder.up_embedder.conv.weight", new long[] {model, embed, 1});
        shapes.put("embedder.up_embedder.conv.bias", new long[] {model});
        for (int i = 0; i < layers; i++) {
            String p = "embedder.layers." + i + ".";
            shapes.put(p + "conv.weight", new long[] {hidden, hidden, kernel});
            shapes.put(p + "conv.bias", new long[] {hidden});
            shapes.put(p + "sequence1.0.weight", new long[] {model});
            shapes.put(p + "sequence1.0.bias", new long[] {model});
            shapes.put(p + "sequence1.2.conv.weight", new long[] {hidden, model, 1});
            shapes.put(p + "sequence1.2.conv.bias", new long[] {hidden});
            shapes.put(p + "sequence1.3.weight", new long[] {hidden});
            shapes.put(p + "sequence1.3.bias", new long[] {hidden});
            shapes.put(p + "sequence2.0.weight", new long[] {hidden});
            shapes.put(p + "sequence2.0.bias", new long[] {hidden});
            shapes.put(p + "sequence2.2.conv.weight", new long[] {model, hidden, 1});
            shapes.put(p + "sequence2.2.conv.bias", new long[] {model});
        }
        shapes.put("decoder.conv.weight", new long[] {CARP_VOCAB, model, 1});
        shapes.put("decoder.conv.bias", new long[] {CARP_VOCAB});
        shapes.put("last_norm.weight", new long[] {model});
        shapes.put("last_norm.bias", new long[] {model});
        return shapes;
    }

    private static long size(Map<String, Object> config, String name) {
        Object value = config.get(name);
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new IllegalArgumentException("config '" + name + "' must be an integer, got " + value);
        }
        long n = ((Number) value).longValue();
        if (n < 0) {
            throw new IllegalArgumentException("config '" + name + "' must not be negative, got " + n);
        }
        return n;
    }
}
