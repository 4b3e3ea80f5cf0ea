package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Tensor;

import java.util.ArrayList;
import java.util.List;

import static dev.plmlab.forge.onnx.GraphBuilder.attr;

/** Pieces the three ESM families share outside the transformer blocks. */
final class EsmParts {

    /** ESM-1b/ESM-2 LayerNorm epsilon (torch default). */
    static final float LN_EPS = 1e-5f;
    /** Fraction of tokens masked in training (15% x 80% replaced by {@code <mask>}). */
    private static final float MASK_RATIO_TRAIN = 0.15f * 0.8f;

    private EsmParts() {
    }

    /** Embedding lookup: [V, D] table, [B, T] ids -> [B, T, D]. */
    static String embed(NnOps nn, String hint, String table, String tokens) {
        return nn.graph().opWithAttrs(hint, "Gather", List.of(table, tokens), attr("axis", 0L));
    }

    /**
     * Token dropout at inference, as ESM-1b and ESM-2 run it: zero the {@code <mask>} rows, then scale by
     * {@code (1 - 0.12) / (1 - mask_ratio)} where mask_ratio = #mask / #non-pad tokens of the row.
     */
    static String tokenDropout(NnOps nn, TokenMasks masks, long maskIdx, String x) {
        GraphBuilder g = nn.graph();
        String isMask = masks.equalsToken("is_mask", maskIdx);
        String keep = nn.unsqueeze("not_mask_3d", g.op("not_mask", "Sub", g.scalar("td.one", 1f), isMask), 2);
        String zeroed = g.op("td.zeroed", "Mul", x, keep);
        String masked = g.opWithAttrs("td.n_mask", "ReduceSum", List.of(isMask, g.int64Constant("td.axis", 1)), attr("keepdims", 1L));
        String tokens = g.opWithAttrs("td.n_tokens", "ReduceSum", List.of(masks.nonPad, g.int64Constant("td.axis", 1)), attr("keepdims", 1L));
        String observed = g.op("td.ratio", "Div", masked, tokens);
        String denominator = nn.unsqueeze("td.denominator_3d", g.op("td.denominator", "Sub", g.scalar("td.one", 1f), observed), 2);
        // same operation order as fair-esm: x * (1 - 0.12) / (1 - ratio)
        String scaled = g.op("td.scaled", "Mul", zeroed, g.scalar("td.train_keep", 1f - MASK_RATIO_TRAIN));
        return g.op("td.out", "Div", scaled, denominator);
    }

    /** Multiplies pad positions of [B, T, D] by 0. */
    static String zeroPads(NnOps nn, TokenMasks masks, String x) {
        return nn.graph().op("emb.pads_zeroed", "Mul", x, nn.unsqueeze("non_pad_3d", masks.nonPad, 2));
    }

    /** 1 at residues: every non-pad token except the cls and eos tokens ({@code <mask>} counts as a residue). */
    static String residueWeights(NnOps nn, TokenMasks masks, SpecialTokens special) {
        GraphBuilder g = nn.graph();
        String weights = masks.nonPad;
        if (special.cls() >= 0) {
            weights = g.op("pool.no_cls", "Sub", weights, masks.equalsToken("is_cls", special.cls()));
        }
        if (special.eos() >= 0) {
            weights = g.op("pool.no_eos", "Sub", weights, masks.equalsToken("is_eos", special.eos()));
        }
        return weights;
    }

    /** RobertaLMHead: dense -> gelu -> LayerNorm -> x @ E^T + bias, with E the (tied) token embedding. */
    static String robertaLmHead(NnOps nn, String x, Tensor tiedEmbedding) {
        String h = nn.geluErf("lm_head.gelu", nn.linear("lm_head.dense", x));
        h = nn.layerNorm("lm_head.layer_norm", h, LN_EPS);
        Tensor bias = nn.weights().tensor("lm_head.bias", tiedEmbedding.shape()[0]);
        return nn.linear("lm_head", h, tiedEmbedding, bias);
    }

    /**
     * The pre-LN blocks of ESM-2 and ESM-1b, then {@code emb_layer_norm_after} on the last block,
     * which is what layer L reports, and the tied RoBERTa head when logits are asked for.
     *
     * @param x      layer 0, the embedding output
     * @param rotary ESM-2's rotary positions inside attention (ESM-1b adds learned positions before)
     */
    static EncoderGraph robertaEncoder(NnOps nn, TokenMasks masks, SpecialTokens special, String x, boolean rotary,
                                       Tensor embedding, int layers, int heads, boolean withLogits) {
        int vocab = (int) embedding.shape()[0];
        int dim = (int) embedding.shape()[1];
        List<String> states = new ArrayList<>();
        states.add(x);
        EsmTransformerLayer block = new EsmTransformerLayer(nn, masks, new EsmTransformerLayer.Variant(rotary, false, LN_EPS), dim, heads);
        for (int i = 0; i < layers; i++) {
            x = block.apply(i, x);
            states.add(x);
        }
        String last = nn.layerNorm("emb_layer_norm_after", x, LN_EPS);
        states.set(layers, last);
        String logits = withLogits ? robertaLmHead(nn, last, embedding) : null;
        return new EncoderGraph(states, residueWeights(nn, masks, special), logits, dim, vocab);
    }
}
