package dev.plmlab.forge.onnx;

import java.util.List;

import static dev.plmlab.forge.onnx.GraphBuilder.attr;

/** Masks and sizes derived once from the {@code tokens} input [B, T] and shared by all layers. */
final class TokenMasks {

    /**
     * Added to attention scores of pad keys. Finite (not -inf) so that a row with no real key still
     * gives a finite softmax: a NaN at a pad position would poison mean pooling (NaN * 0 = NaN). For
     * any row with a real key, exp(-1e9 - max) is exactly 0 in float32, as with -inf.
     */
    static final float PAD_KEY_SCORE = -1e9f;

    final String tokens;
    /** bool [B, T]: token == pad. */
    final String isPad;
    /** float [B, T]: 1 for non-pad tokens. */
    final String nonPad;
    /** int64 scalar T. */
    final String seqLen;

    private final NnOps nn;
    private String keyPaddingBias;
    private String positions;

    TokenMasks(NnOps nn, String tokens, long padIdx) {
        GraphBuilder g = nn.graph();
        this.nn = nn;
        this.tokens = tokens;
        this.isPad = g.op("is_pad", "Equal", tokens, g.int64Scalar("pad_idx", padIdx));
        this.nonPad = g.op("non_pad", "Sub", g.scalar("one", 1f), nn.toFloat("is_pad_f", isPad));
        String shape = g.op("tokens_shape", "Shape", tokens);
        this.seqLen = g.opWithAttrs("seq_len", "Gather", List.of(shape, g.int64Scalar("axis_t", 1)), attr("axis", 0L));
    }

    /** float [B, T]: 1 where the token equals {@code id}. */
    String equalsToken(String hint, long id) {
        GraphBuilder g = nn.graph();
        return nn.toFloat(hint, g.op(hint + ".eq", "Equal", tokens, g.int64Scalar(hint + ".id", id)));
    }

    /** float [B, 1, 1, T]: 0 for real keys, {@link #PAD_KEY_SCORE} for pad keys; built once. */
    String keyPaddingBias() {
        if (keyPaddingBias == null) {
            GraphBuilder g = nn.graph();
            String bias = g.op("key_pad_bias", "Where", isPad, g.scalar("pad_key_score", PAD_KEY_SCORE), g.scalar("zero", 0f));
            keyPaddingBias = nn.unsqueeze("key_pad_bias_4d", bias, 1, 2);
        }
        return keyPaddingBias;
    }

    /** float [T]: 0, 1, ..., T-1 (exact in float32 up to 2^24). Built once. */
    String positions() {
        if (positions == null) {
            GraphBuilder g = nn.graph();
            String range = g.op("positions_i64", "Range", g.int64Scalar("range_start", 0), seqLen, g.int64Scalar("range_step", 1));
            positions = nn.toFloat("positions", range);
        }
        return positions;
    }
}
