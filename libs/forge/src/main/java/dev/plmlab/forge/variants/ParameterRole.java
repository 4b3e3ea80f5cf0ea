package dev.plmlab.forge.variants;

/**
 * What a tensor is in its model, which decides how a fresh model initialises it. The initialisations are
 * those the reference modules' constructors apply (PyTorch defaults, plus fair-esm's MultiheadAttention
 * {@code reset_parameters}); see {@link FreshInit}.
 */
enum ParameterRole {
    /** nn.Embedding: N(0, 1), the padding row zeroed. */
    EMBEDDING,
    /** q/k/v projections: xavier-uniform with gain 1/sqrt(2) (fair-esm MultiheadAttention). */
    ATTENTION_INPUT_WEIGHT,
    /** attention output projection: xavier-uniform, gain 1. */
    ATTENTION_OUTPUT_WEIGHT,
    /** ESM-1 bias_k / bias_v [1, 1, D]: xavier-normal. */
    ATTENTION_BIAS_KV,
    /** nn.Linear / nn.Conv1d weight: kaiming-uniform a=sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    LINEAR_WEIGHT,
    /** nn.Linear / nn.Conv1d bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with its weight's fan-in. */
    LINEAR_BIAS,
    /** LayerNorm weight: ones. */
    NORM_WEIGHT,
    /** LayerNorm bias: zeros. */
    NORM_BIAS,
    /** Created as zeros by the constructor (out_proj bias, lm_head bias, ESM-1 embed_out and its bias). */
    ZEROS,
    /** ESM-1b/ESM-2 lm_head.weight: the same tensor as embed_tokens.weight. */
    TIED_TO_TOKEN_EMBEDDING,
    /** A buffer, not a parameter (rotary inv_freq, ESM-1's dtype carrier): kept as it is. */
    BUFFER
}
