package dev.plmlab.forge.checkpoint;

import java.util.Map;

/**
 * A checkpoint as read from disk.
 *
 * @param family which architecture it holds
 * @param name   the model name (the file stem for fair-esm, the "model" entry for CARP)
 * @param config hyperparameters under normalised names: for ESM {@code layers, embed_dim,
 *               ffn_embed_dim, attention_heads, token_dropout, max_positions, final_bias};
 *               for CARP the file's own keys ({@code d_embed, d_model, n_layers, kernel_size,
 *               activation, slim, r})
 * @param state  the state dict with the reference loader's prefixes stripped (fair-esm strips
 *               {@code encoder.sentence_encoder.}, {@code encoder.}, {@code decoder.}); CARP keys
 *               as stored
 */
public record Checkpoint(Family family, String name, Map<String, Object> config, Map<String, Tensor> state) {
}
