package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.plmlab.forge.onnx.GraphBuilder.attr;
import static dev.plmlab.forge.onnx.GraphBuilder.attrInts;

/**
 * CARP ({@code ByteNetLM} driven by {@code CARP.forward}): embedding + 1x1 up-projection (layer 0),
 * ByteNet blocks {@code x + Seq2(MaskedConv(Seq1(x)))} with dilations {@code 2^(n mod (log2 r + 1))},
 * and logits {@code decoder(last_norm(layer L))}. No LayerNorm is applied to the reported states.
 */
final class CarpGraphBuilder implements FamilyGraphBuilder {

    /** torch nn.LayerNorm default. */
    private static final float LN_EPS = 1e-5f;

    @Override
    public EncoderGraph build(NnOps nn, String tokens, boolean withLogits) {
        CheckpointWeights w = nn.weights();
        GraphBuilder g = nn.graph();
        SpecialTokens special = SpecialTokens.of(Family.CARP);
        int layers = w.configInt("n_layers");
        int kernel = w.configInt("kernel_size");
        int r = w.configInt("r");
        Activation activation = Activation.parse(w.configString("activation", "relu"));
        Tensor embedding = w.tensor("embedder.embedder.weight");
        int vocab = (int) embedding.shape()[0];
        TokenMasks masks = new TokenMasks(nn, tokens, special.pad());

        String table = g.weight("embedder.embedder.weight", embedding.shape(), embedding.data());
        String x = nn.linear("embedder.up_embedder.conv", EsmParts.embed(nn, "embedder.tokens", table, tokens));
        int dim = (int) w.tensor("embedder.up_embedder.conv.weight").shape()[0];

        List<String> states = new ArrayList<>();
        states.add(x);
        String convInputMask = nn.unsqueeze("conv_input_mask", masks.nonPad, 2); // token != pad, [B, T, 1]
        for (int n = 0; n < layers; n++) {
            x = block(nn, n, x, convInputMask, kernel, dilation(n, r), activation);
            states.add(x);
        }

        String logits = null;
        if (withLogits) {
            String normed = w.has("last_norm.weight") ? nn.layerNorm("last_norm", x, LN_EPS) : x;
            logits = nn.linear("decoder.conv", normed);
        }
        // CARP pools every non-pad position: it has no start or stop token
        return new EncoderGraph(states, masks.nonPad, logits, dim, vocab);
    }

    /** ByteNet's dilation for block n: {@code 2 ** (n % (int(log2(r)) + 1))}. */
    static int dilation(int n, int r) {
        int log2 = 31 - Integer.numberOfLeadingZeros(r); // floor(log2 r) for r >= 1
        return 1 << (n % (log2 + 1));
    }

    private static String block(NnOps nn, int n, String x, String convInputMask, int kernel, int dilation, Activation act) {
        GraphBuilder g = nn.graph();
        String p = "embedder.layers." + n;
        // sequence1: LN(d_model) -> act -> 1x1 (d_model -> d_h) -> LN(d_h) -> act
        String h = act.apply(nn, p + ".seq1.act0", nn.layerNorm(p + ".sequence1.0", x, LN_EPS));
        h = nn.linear(p + ".sequence1.2.conv", h);
        h = act.apply(nn, p + ".seq1.act1", nn.layerNorm(p + ".sequence1.3", h, LN_EPS));
        // MaskedConv1d: zero the input at pads, then a same-length dilated convolution
        h = g.op(p + ".conv.masked_input", "Mul", h, convInputMask);
        h = dilatedConv(nn, p + ".conv", h, kernel, dilation);
        // sequence2: LN(d_h) -> act -> 1x1 (d_h -> d_model)
        h = act.apply(nn, p + ".seq2.act0", nn.layerNorm(p + ".sequence2.0", h, LN_EPS));
        h = nn.linear(p + ".sequence2.2.conv", h);
        return g.op(p + ".out", "Add", x, h);
    }

    /** Conv1d with zero padding {@code dilation * (k - 1) / 2} each side, on [B, T, C] activations. */
    private static String dilatedConv(NnOps nn, String prefix, String x, int kernel, int dilation) {
        GraphBuilder g = nn.graph();
        Tensor weight = nn.weights().tensor(prefix + ".weight");
        if (weight.rank() != 3 || weight.shape()[2] != kernel) {
            throw new IllegalArgumentException(prefix + ".weight must be [out, in, " + kernel + "]");
        }
        long pad = (long) dilation * (kernel - 1) / 2;
        String w = g.weight(prefix + ".weight", weight.shape(), weight.data());
        List<String> inputs = new ArrayList<>(List.of(g.opWithAttrs(prefix + ".in_bct", "Transpose", List.of(x), attrInts("perm", 0, 2, 1)), w));
        if (nn.weights().has(prefix + ".bias")) {
            Tensor bias = nn.weights().tensor(prefix + ".bias", weight.shape()[0]);
            inputs.add(g.weight(prefix + ".bias", bias.shape(), bias.data()));
        }
        String y = g.opWithAttrs(prefix + ".out_bct", "Conv", inputs, attrInts("kernel_shape", kernel),
                attrInts("dilations", dilation), attrInts("pads", pad, pad), attrInts("strides", 1), attr("group", 1L));
        return g.opWithAttrs(prefix + ".out", "Transpose", List.of(y), attrInts("perm", 0, 2, 1));
    }

    /** The ByteNet block activation ({@code activation} in the checkpoint: 'relu' or 'gelu'). */
    enum Activation {
        RELU, GELU;

        static Activation parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "relu" -> RELU;
                case "gelu" -> GELU;
                default -> throw new IllegalArgumentException("unsupported CARP activation '" + name + "'");
            };
        }

        String apply(NnOps nn, String hint, String x) {
            // nn.GELU() defaults to the exact erf form
            return this == GELU ? nn.geluErf(hint, x) : nn.graph().op(hint, "Relu", x);
        }
    }
}
