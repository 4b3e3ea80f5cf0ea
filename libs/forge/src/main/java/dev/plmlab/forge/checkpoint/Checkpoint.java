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
 *               activation, slim, r}). In detail (see {@link CheckpointReader}): ESM-1/ESM-1b keep every
 *               scalar argument with {@code decoder_}/{@code encoder_} dropped, as fair-esm does, so
 *               {@code arch} and {@code max_positions} are there; a missing {@code token_dropout}
 *               (ESM-1) or {@code final_bias} reads false; ESM-1b adds {@code emb_layer_norm_before}
 *               (true when its weights are present). ESM-2 has no {@code max_positions} and its
 *               {@code ffn_embed_dim} is 4 x {@code embed_dim}, the width fair-esm hard-codes.
 * @param state  the state dict with the reference loader's prefixes stripped (fair-esm strips
 *               {@code encoder.sentence_encoder.}, {@code encoder.}, {@code decoder.}); CARP keys
 *               as stored
 */
public record Checkpoint(Family family, String name, Map<String, Object> config, Map<String, Tensor> state) {

    /**
     * The tensor stored under {@code key}.
     *
     * @throws IllegalArgumentException naming the key and the checkpoint if there is none
     */
    public Tensor tensor(String key) {
        Tensor tensor = state.get(key);
        if (tensor == null) {
            throw new IllegalArgumentException(family + " checkpoint " + name + " has no tensor '" + key + "'");
        }
        return tensor;
    }

    /**
     * An integer config entry.
     *
     * @throws IllegalArgumentException if it is absent or not an integer
     */
    public int intConfig(String key) {
        Object value = config.get(key);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return Math.toIntExact(((Number) value).longValue());
        }
        throw new IllegalArgumentException(family + " checkpoint " + name + " config '" + key
                + "' is not an integer: " + value);
    }

    /**
     * A boolean config entry, or {@code fallback} if absent.
     *
     * @throws IllegalArgumentException if it is present but not a boolean
     */
    public boolean booleanConfig(String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(family + " checkpoint " + name + " config '" + key
                + "' is not a boolean: " + value);
    }
}
