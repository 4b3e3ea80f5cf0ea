package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

import java.util.Arrays;
import java.util.List;

import static dev.plmlab.forge.onnx.GraphBuilder.attr;

/**
 * ESM-1b (fair-esm {@code ProteinBertModel}, version ESM-1b): token dropout, learned positions,
 * {@code emb_layer_norm_before}, pad zeroing, plain pre-LN blocks, {@code emb_layer_norm_after} on
 * layer L, and an lm_head tied to the token embedding.
 */
final class Esm1bGraphBuilder implements FamilyGraphBuilder {

    @Override
    public EncoderGraph build(NnOps nn, String tokens, boolean withLogits) {
        CheckpointWeights w = nn.weights();
        GraphBuilder g = nn.graph();
        SpecialTokens special = SpecialTokens.of(Family.ESM1B);
        int layers = w.configInt("layers");
        int heads = w.configInt("attention_heads");
        Tensor embedding = zeroMaskRow(w.tensor("embed_tokens.weight"), special.mask());
        TokenMasks masks = new TokenMasks(nn, tokens, special.pad());

        String table = g.weight("embed_tokens.weight", embedding.shape(), embedding.data());
        String x = EsmParts.embed(nn, "emb.tokens", table, tokens); // embed_scale is 1 in ESM-1b
        if (w.configBool("token_dropout", false)) {
            x = EsmParts.tokenDropout(nn, masks, special.mask(), x);
        }
        x = g.op("emb.with_positions", "Add", x, learnedPositions(nn, masks, special.pad()));
        if (w.has("emb_layer_norm_before.weight")) {
            x = nn.layerNorm("emb_layer_norm_before", x, EsmParts.LN_EPS);
        }
        x = EsmParts.zeroPads(nn, masks, x);

        return EsmParts.robertaEncoder(nn, masks, special, x, false, embedding, layers, heads, withLogits);
    }

    /**
     * fair-esm's v1 loader zeroes {@code embed_tokens.weight[<mask>]} ("for token drop"); the lm_head
     * shares that tensor, so the logits see the zeroed row too.
     */
    static Tensor zeroMaskRow(Tensor embedding, long maskIdx) {
        float[] data = embedding.data().clone();
        int dim = (int) embedding.shape()[1];
        Arrays.fill(data, (int) maskIdx * dim, (int) (maskIdx + 1) * dim, 0f);
        return new Tensor(embedding.shape(), data);
    }

    /**
     * {@code LearnedPositionalEmbedding}: id = cumsum(non-pad) * non-pad + padding_idx, so cls gets
     * padding_idx + 1 and pads get padding_idx. Lengths beyond the table fail in Gather, as the
     * reference refuses sequences longer than max_positions.
     */
    private static String learnedPositions(NnOps nn, TokenMasks masks, long padIdx) {
        GraphBuilder g = nn.graph();
        Tensor table = nn.weights().tensor("embed_positions.weight");
        String nonPad = g.opWithAttrs("pos.non_pad_i64", "Cast", List.of(masks.nonPad), attr("to", (long) TensorProto.DataType.INT64_VALUE));
        String cumsum = g.op("pos.cumsum", "CumSum", nonPad, g.int64Scalar("pos.axis", 1));
        String ids = g.op("pos.ids", "Add", g.op("pos.real_only", "Mul", cumsum, nonPad), g.int64Scalar("pos.padding_idx", padIdx));
        String weights = g.weight("embed_positions.weight", table.shape(), table.data());
        return EsmParts.embed(nn, "emb.positions", weights, ids);
    }
}
