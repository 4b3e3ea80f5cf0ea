package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.plmlab.forge.onnx.GraphBuilder.attr;

/**
 * ESM-1 (fair-esm {@code ProteinBertModel}, version ESM-1): {@code sqrt(D)}-scaled token embedding plus
 * fairseq sinusoidal positions, no token dropout and no embedding LayerNorm, pre-LN blocks with eps
 * 1e-12 and a bias_k/bias_v key slot, no final LayerNorm, and an untied output projection.
 */
final class Esm1GraphBuilder implements FamilyGraphBuilder {

    static final float LN_EPS = 1e-12f;

    @Override
    public EncoderGraph build(NnOps nn, String tokens, boolean withLogits) {
        CheckpointWeights w = nn.weights();
        GraphBuilder g = nn.graph();
        SpecialTokens special = SpecialTokens.of(Family.ESM1);
        int layers = w.configInt("layers");
        int heads = w.configInt("attention_heads");
        Tensor embedding = w.tensor("embed_tokens.weight");
        int vocab = (int) embedding.shape()[0];
        int dim = (int) embedding.shape()[1];
        TokenMasks masks = new TokenMasks(nn, tokens, special.pad());

        String table = g.weight("embed_tokens.weight", embedding.shape(), embedding.data());
        String scaled = g.op("emb.scaled", "Mul", EsmParts.embed(nn, "emb.tokens", table, tokens),
                g.scalar("emb.scale", (float) Math.sqrt(dim)));
        String x = g.op("emb.with_positions", "Add", scaled, sinusoidalPositions(nn, masks, special.pad(), dim));

        List<String> states = new ArrayList<>();
        states.add(x);
        EsmTransformerLayer block = new EsmTransformerLayer(nn, masks,
                new EsmTransformerLayer.Variant(false, true, LN_EPS), dim, heads);
        for (int i = 0; i < layers; i++) {
            x = block.apply(i, x);
            states.add(x);
        }

        String logits = null;
        if (withLogits) {
            Tensor out = w.tensor("embed_out", vocab, dim);
            Tensor bias = w.has("embed_out_bias") ? w.tensor("embed_out_bias", vocab) : null;
            logits = nn.linear("embed_out", x, out, bias);
        }
        return new EncoderGraph(states, EsmParts.residueWeights(nn, masks, special), logits, dim, vocab);
    }

    /**
     * fairseq {@code SinusoidalPositionalEmbedding}, computed in-graph for any length: the token at index
     * t gets position p = t + padding_idx + 1 and the row {@code [sin(p f_0) .. sin(p f_{h-1}),
     * cos(p f_0) .. cos(p f_{h-1})]} (a zero column appended if D is odd); pads get the all-zero row.
     * The product p*f is float32 as in the reference, whose table is float32.
     */
    private static String sinusoidalPositions(NnOps nn, TokenMasks masks, long padIdx, int dim) {
        GraphBuilder g = nn.graph();
        float[] freqs = frequencies(dim / 2);
        String f = g.floatConstant("pos.freqs", new long[] {freqs.length}, freqs);
        String p = g.op("pos.p", "Add", masks.positions(), g.scalar("pos.offset", padIdx + 1));
        String angles = g.op("pos.angles", "Mul", nn.unsqueeze("pos.p_col", p, 1), f); // [T, h]
        List<String> parts = new ArrayList<>(List.of(g.op("pos.sin", "Sin", angles), g.op("pos.cos", "Cos", angles)));
        if (dim % 2 == 1) {
            // a [T, 1] zero column shaped like one angle column
            String firstColumn = g.op("pos.col0", "Slice", angles, g.int64Constant("pos.s0", 0),
                    g.int64Constant("pos.s1", 1), g.int64Constant("pos.saxis", 1));
            parts.add(g.op("pos.zero_col", "Mul", firstColumn, g.scalar("pos.zero", 0f)));
        }
        String table = g.opWithAttrs("pos.table", "Concat", parts, attr("axis", 1L)); // [T, D]
        // [B, T, 1] * [T, D]: pads take row padding_idx, which is all zeros
        return g.op("emb.positions", "Mul", nn.unsqueeze("pos.non_pad_3d", masks.nonPad, 2), table);
    }

    /**
     * {@code exp(arange(h) * -(ln(10000) / (h - 1)))} evaluated in float32 the way torch does: the
     * scalar is rounded to float32, the product is float32, exp is rounded once.
     */
    static float[] frequencies(int half) {
        float step = (float) -(Math.log(10000.0) / (half - 1));
        float[] f = new float[half];
        for (int j = 0; j < half; j++) {
            f[j] = (float) Math.exp((float) j * step);
        }
        return f;
    }
}
