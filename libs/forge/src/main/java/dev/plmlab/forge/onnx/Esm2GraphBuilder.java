package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

/**
 * ESM-2 (fair-esm {@code ESM2}): token embedding with token dropout, rotary pre-LN blocks, and
 * {@code emb_layer_norm_after} applied to the last block's output, which is what layer L reports.
 */
final class Esm2GraphBuilder implements FamilyGraphBuilder {

    @Override
    public EncoderGraph build(NnOps nn, String tokens, boolean withLogits) {
        CheckpointWeights w = nn.weights();
        GraphBuilder g = nn.graph();
        SpecialTokens special = SpecialTokens.of(Family.ESM2);
        int layers = w.configInt("layers");
        int heads = w.configInt("attention_heads");
        Tensor embedding = w.tensor("embed_tokens.weight");
        TokenMasks masks = new TokenMasks(nn, tokens, special.pad());

        String table = g.weight("embed_tokens.weight", embedding.shape(), embedding.data());
        String x = EsmParts.embed(nn, "emb.tokens", table, tokens); // embed_scale is 1 in ESM-2
        // the ESM2 module defaults token_dropout to True
        if (w.configBool("token_dropout", true)) {
            x = EsmParts.tokenDropout(nn, masks, special.mask(), x);
        }
        x = EsmParts.zeroPads(nn, masks, x);

        return EsmParts.robertaEncoder(nn, masks, special, x, true, embedding, layers, heads, withLogits);
    }
}
