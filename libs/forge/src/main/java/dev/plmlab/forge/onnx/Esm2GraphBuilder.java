package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

import java.util.ArrayList;
import java.util.List;

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
        int vocab = (int) embedding.shape()[0];
        int dim = (int) embedding.shape()[1];
        TokenMasks masks = new TokenMasks(nn, tokens, special.pad());

        String table = g.weight("embed_tokens.weight", embedding.shape(), embedding.data());
        String x = EsmParts.embed(nn, "emb.tokens", table, tokens); // embed_scale is 1 in ESM-2
        // the ESM2 module defaults token_dropout to True
        if (w.configBool("token_dropout", true)) {
            x = EsmParts.tokenDropout(nn, masks, special.mask(), x);
        }
        x = EsmParts.zeroPads(nn, masks, x);

        List<String> states = new ArrayList<>();
        states.add(x);
        EsmTransformerLayer block = new EsmTransformerLayer(nn, masks,
                new EsmTransformerLayer.Variant(true, false, EsmParts.LN_EPS), dim, heads);
        for (int i = 0; i < layers; i++) {
            x = block.apply(i, x);
            states.add(x);
        }
        String last = nn.layerNorm("emb_layer_norm_after", x, EsmParts.LN_EPS);
        states.set(layers, last);

        String logits = withLogits ? EsmParts.robertaLmHead(nn, last, embedding) : null;
        return new EncoderGraph(states, EsmParts.residueWeights(nn, masks, special), logits, dim, vocab);
    }
}
