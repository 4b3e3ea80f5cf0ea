package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Tensor;

import java.util.List;

import static dev.plmlab.forge.onnx.GraphBuilder.attr;
import static dev.plmlab.forge.onnx.GraphBuilder.attrInts;

/**
 * fair-esm's pre-LN {@code TransformerLayer}: {@code x + Attn(LN(x))}, then
 * {@code x + FC2(gelu(FC1(LN(x))))}. The variants the three ESM families need are switched by
 * {@link Variant}: rotary q/k (ESM-2) and the bias_k/bias_v extra key slot (ESM-1).
 */
final class EsmTransformerLayer {

    /**
     * @param rotary  apply rotate-half rotary embeddings to q and k, using the layer's
     *                {@code self_attn.rot_emb.inv_freq} buffer (ESM-2)
     * @param biasKv  append {@code self_attn.bias_k/bias_v} as one extra key/value that is never
     *                masked (ESM-1)
     * @param lnEps   LayerNorm epsilon (1e-5, or 1e-12 for ESM-1)
     */
    record Variant(boolean rotary, boolean biasKv, float lnEps) {
    }

    private final NnOps nn;
    private final GraphBuilder g;
    private final TokenMasks masks;
    private final Variant variant;
    private final int embedDim;
    private final int heads;
    private final int headDim;
    private String extraSlotKeyBias;

    EsmTransformerLayer(NnOps nn, TokenMasks masks, Variant variant, int embedDim, int heads) {
        if (embedDim % heads != 0) {
            throw new IllegalArgumentException("embed_dim " + embedDim + " is not divisible by " + heads + " heads");
        }
        this.nn = nn;
        this.g = nn.graph();
        this.masks = masks;
        this.variant = variant;
        this.embedDim = embedDim;
        this.heads = heads;
        this.headDim = embedDim / heads;
    }

    /** Output of block {@code layer} (0-based module index {@code layers.<layer>}). */
    String apply(int layer, String x) {
        String p = "layers." + layer;
        String attn = selfAttention(p + ".self_attn", nn.layerNorm(p + ".self_attn_layer_norm", x, variant.lnEps()));
        String afterAttn = g.op(p + ".attn_residual", "Add", x, attn);
        String hidden = nn.geluErf(p + ".gelu", nn.linear(p + ".fc1", nn.layerNorm(p + ".final_layer_norm", afterAttn, variant.lnEps())));
        return g.op(p + ".out", "Add", afterAttn, nn.linear(p + ".fc2", hidden));
    }

    private String selfAttention(String p, String x) {
        // fair-esm scales q after its bias, before rotary
        String q = g.op(p + ".q_scaled", "Mul", nn.linear(p + ".q_proj", x), g.scalar(p + ".scaling", (float) Math.pow(headDim, -0.5)));
        String k = nn.linear(p + ".k_proj", x);
        String v = nn.linear(p + ".v_proj", x);
        String keyBias = masks.keyPaddingBias();
        if (variant.biasKv()) {
            k = appendSlot(p + ".bias_k", k);
            v = appendSlot(p + ".bias_v", v);
            keyBias = extraSlotKeyBias();
        }
        String qh = splitHeads(p + ".q_heads", q);
        String kh = splitHeads(p + ".k_heads", k);
        String vh = splitHeads(p + ".v_heads", v);
        if (variant.rotary()) {
            String[] cosSin = rotaryTables(p);
            qh = rotate(p + ".q_rot", qh, cosSin);
            kh = rotate(p + ".k_rot", kh, cosSin);
        }
        String khT = g.opWithAttrs(p + ".k_t", "Transpose", List.of(kh), attrInts("perm", 0, 1, 3, 2));
        String scores = g.op(p + ".scores_masked", "Add", g.op(p + ".scores", "MatMul", qh, khT), keyBias);
        String probs = g.opWithAttrs(p + ".probs", "Softmax", List.of(scores), attr("axis", -1L));
        String context = g.op(p + ".context", "MatMul", probs, vh);
        String merged = g.opWithAttrs(p + ".context_bthd", "Transpose", List.of(context), attrInts("perm", 0, 2, 1, 3));
        merged = g.op(p + ".context_merged", "Reshape", merged, g.int64Constant(p + ".merged_shape", 0, 0, embedDim));
        return nn.linear(p + ".out_proj", merged);
    }

    /** [B, S, D] -> [B, H, S, head_dim]. */
    private String splitHeads(String hint, String x) {
        String split = g.op(hint + ".split", "Reshape", x, g.int64Constant(hint + ".shape", 0, 0, heads, headDim));
        return g.opWithAttrs(hint, "Transpose", List.of(split), attrInts("perm", 0, 2, 1, 3));
    }

    /** Appends the learned, already-projected [1, 1, D] key or value as position T: [B, T, D] -> [B, T+1, D]. */
    private String appendSlot(String key, String x) {
        Tensor slot = nn.weights().tensor(key, 1, 1, embedDim);
        String slotValue = g.weight(key, slot.shape(), slot.data());
        String batch = g.opWithAttrs(key + ".batch", "Shape", List.of(x), attr("start", 0L), attr("end", 1L));
        String expandTo = g.opWithAttrs(key + ".expand_shape", "Concat",
                List.of(batch, g.int64Constant(key + ".ones", 1, 1)), attr("axis", 0L));
        String perBatch = g.op(key + ".expanded", "Expand", slotValue, expandTo);
        return g.opWithAttrs(key + ".appended", "Concat", List.of(x, perBatch), attr("axis", 1L));
    }

    /** The key padding bias with one more, never-masked, key at the end: [B, 1, 1, T+1]. Built once. */
    private String extraSlotKeyBias() {
        if (extraSlotKeyBias == null) {
            extraSlotKeyBias = g.op("key_pad_bias_extra_slot", "Pad", masks.keyPaddingBias(),
                    g.int64Constant("extra_slot_pads", 0, 0, 0, 0, 0, 0, 0, 1));
        }
        return extraSlotKeyBias;
    }

    /** cos and sin of {@code cat(freqs, freqs)}, freqs = position (0 = cls) x inv_freq: each [T, head_dim]. */
    private String[] rotaryTables(String p) {
        String key = p + ".rot_emb.inv_freq";
        float[] invFreq = nn.weights().has(key) ? nn.weights().tensor(key, headDim / 2).data() : defaultInvFreq(headDim);
        // a buffer of exact float32 values: never rounded to float16
        String inv = g.floatConstant(key, new long[] {invFreq.length}, invFreq);
        String freqs = g.op(p + ".rot_freqs", "Mul", nn.unsqueeze(p + ".rot_pos", masks.positions(), 1), inv);
        String emb = g.opWithAttrs(p + ".rot_emb", "Concat", List.of(freqs, freqs), attr("axis", 1L));
        return new String[] {g.op(p + ".rot_cos", "Cos", emb), g.op(p + ".rot_sin", "Sin", emb)};
    }

    /** fair-esm's {@code 1 / 10000^(arange(0, dim, 2) / dim)}, for checkpoints that do not store the buffer. */
    static float[] defaultInvFreq(int headDim) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = (float) (1.0 / Math.pow(10000.0, (float) (2 * i) / headDim));
        }
        return inv;
    }

    /** Rotate-half rotary embedding: {@code x*cos + cat(-x2, x1)*sin} on [B, H, T, head_dim]. */
    private String rotate(String hint, String x, String[] cosSin) {
        String[] halves = g.multiOutputOp(hint + ".half", "Split", 2, List.of(x), attr("axis", -1L));
        String rotated = g.opWithAttrs(hint + ".rotate_half", "Concat",
                List.of(g.op(hint + ".neg_x2", "Neg", halves[1]), halves[0]), attr("axis", -1L));
        return g.op(hint, "Add", g.op(hint + ".x_cos", "Mul", x, cosSin[0]), g.op(hint + ".rot_sin", "Mul", rotated, cosSin[1]));
    }
}
