package dev.plmlab.forge.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.plmlab.forge.checkpoint.Tensor;

import java.util.List;

import static dev.plmlab.forge.onnx.GraphBuilder.attr;

/**
 * Neural-network building blocks shared by the family builders, reading their parameters from the
 * checkpoint by torch module prefix (e.g. {@code layers.0.fc1} uses {@code layers.0.fc1.weight/bias}).
 * All activations are laid out {@code [B, T, C]}.
 */
final class NnOps {

    private final GraphBuilder g;
    private final CheckpointWeights w;

    NnOps(GraphBuilder g, CheckpointWeights w) {
        this.g = g;
        this.w = w;
    }

    GraphBuilder graph() {
        return g;
    }

    CheckpointWeights weights() {
        return w;
    }

    /**
     * torch {@code Linear}, or a 1x1 {@code Conv1d} applied position-wise: {@code x @ W^T + b}. The bias
     * is optional, as in torch.
     */
    String linear(String prefix, String x) {
        return linear(prefix, x, w.tensor(prefix + ".weight"), w.has(prefix + ".bias") ? w.tensor(prefix + ".bias") : null);
    }

    String linear(String hint, String x, Tensor weight, Tensor bias) {
        long out = weight.shape()[0];
        long in = weight.numel() / out;
        String wt = g.weight(hint + ".weight_t", new long[] {in, out}, CheckpointWeights.transposeOutIn(weight));
        String y = g.op(hint + ".matmul", "MatMul", x, wt);
        if (bias == null) {
            return y;
        }
        if (bias.numel() != out) {
            throw new IllegalArgumentException(hint + ": bias has " + bias.numel() + " values, expected " + out);
        }
        return g.op(hint + ".out", "Add", y, g.weight(hint + ".bias", new long[] {out}, bias.data()));
    }

    /** LayerNorm over the last axis: biased variance, eps inside the square root (torch and ESM1LayerNorm alike). */
    String layerNorm(String prefix, String x, float eps) {
        Tensor weight = w.tensor(prefix + ".weight");
        Tensor bias = w.tensor(prefix + ".bias", weight.shape());
        String scale = g.weight(prefix + ".weight", weight.shape(), weight.data());
        String shift = g.weight(prefix + ".bias", bias.shape(), bias.data());
        return g.opWithAttrs(prefix + ".out", "LayerNormalization", List.of(x, scale, shift),
                attr("axis", -1L), attr("epsilon", eps));
    }

    /**
     * Exact GELU in fair-esm's own operation order, {@code x * 0.5 * (1 + erf(x / sqrt 2))} (also torch's
     * nn.GELU()). This is the pattern ORT's GeluFusion recognises and replaces with one kernel.
     */
    String geluErf(String hint, String x) {
        String erf = g.op(hint + ".erf", "Erf", g.op(hint + ".div_sqrt2", "Div", x, g.scalar(hint + ".sqrt2", (float) Math.sqrt(2.0))));
        String onePlusErf = g.op(hint + ".one_plus_erf", "Add", erf, g.scalar(hint + ".one", 1f));
        return g.op(hint + ".out", "Mul", g.op(hint + ".x_half", "Mul", x, g.scalar(hint + ".half", 0.5f)), onePlusErf);
    }

    /** Inserts length-1 axes at {@code axes}. */
    String unsqueeze(String hint, String x, long... axes) {
        return g.op(hint, "Unsqueeze", x, g.int64Constant(hint + ".axes", axes));
    }

    /** Float 1/0 from a boolean tensor. */
    String toFloat(String hint, String bool) {
        return g.opWithAttrs(hint, "Cast", List.of(bool), attr("to", (long) TensorProto.DataType.FLOAT_VALUE));
    }
}
