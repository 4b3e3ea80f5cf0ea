package dev.plmlab.forge.variants;

import dev.plmlab.forge.checkpoint.Family;

/** Names the {@link ParameterRole} of every tensor in a checkpoint of each family. */
final class ParameterRoles {

    /** The token each reference embedding reserves as padding (its row is zero in a fresh model). */
    static final int ESM_PADDING_IDX = 1;
    static final int CARP_EMBEDDING_PADDING_IDX = 28;

    private ParameterRoles() {
    }

    /**
     * @throws IllegalArgumentException for a name the family's model does not have: guessing an
     *                                  initialisation would silently produce a wrong ablation
     */
    static ParameterRole of(Family family, String name) {
        return family == Family.CARP ? carp(name) : esm(name);
    }

    private static ParameterRole esm(String name) {
        if (name.equals("embed_tokens.weight") || name.equals("embed_positions.weight")) {
            return ParameterRole.EMBEDDING;
        }
        if (name.endsWith("rot_emb.inv_freq") || name.equals("embed_positions._float_tensor")) {
            return ParameterRole.BUFFER;
        }
        if (name.equals("lm_head.weight")) {
            return ParameterRole.TIED_TO_TOKEN_EMBEDDING;
        }
        if (name.equals("lm_head.bias") || name.equals("embed_out") || name.equals("embed_out_bias")) {
            return ParameterRole.ZEROS;
        }
        if (name.endsWith("self_attn.bias_k") || name.endsWith("self_attn.bias_v")) {
            return ParameterRole.ATTENTION_BIAS_KV;
        }
        if (name.contains("layer_norm")) {
            return weightOrBias(name, ParameterRole.NORM_WEIGHT, ParameterRole.NORM_BIAS);
        }
        if (name.endsWith("out_proj.weight")) {
            return ParameterRole.ATTENTION_OUTPUT_WEIGHT;
        }
        if (name.endsWith("out_proj.bias")) {
            return ParameterRole.ZEROS;
        }
        if (name.endsWith("q_proj.weight") || name.endsWith("k_proj.weight") || name.endsWith("v_proj.weight")) {
            return ParameterRole.ATTENTION_INPUT_WEIGHT;
        }
        if (name.endsWith("_proj.bias") || name.contains(".fc1.") || name.contains(".fc2.")
                || name.startsWith("lm_head.dense.") || name.startsWith("contact_head.regression.")) {
            return weightOrBias(name, ParameterRole.LINEAR_WEIGHT, ParameterRole.LINEAR_BIAS);
        }
        throw new IllegalArgumentException("unknown ESM tensor '" + name + "': no initialisation rule for it");
    }

    private static ParameterRole carp(String name) {
        if (name.equals("embedder.embedder.weight")) {
            return ParameterRole.EMBEDDING;
        }
        if (name.endsWith("conv.weight")) {
            return ParameterRole.LINEAR_WEIGHT;
        }
        if (name.endsWith("conv.bias")) {
            return ParameterRole.LINEAR_BIAS;
        }
        // ByteNet block LayerNorms are sequence1.0, sequence1.3, sequence2.0; last_norm closes the stack
        if (name.matches("embedder\\.layers\\.\\d+\\.sequence(1\\.0|1\\.3|2\\.0)\\.(weight|bias)")
                || name.startsWith("last_norm.")) {
            return weightOrBias(name, ParameterRole.NORM_WEIGHT, ParameterRole.NORM_BIAS);
        }
        throw new IllegalArgumentException("unknown CARP tensor '" + name + "': no initialisation rule for it");
    }

    private static ParameterRole weightOrBias(String name, ParameterRole weight, ParameterRole bias) {
        if (name.endsWith(".weight")) {
            return weight;
        }
        if (name.endsWith(".bias")) {
            return bias;
        }
        throw new IllegalArgumentException("tensor '" + name + "' is neither a weight nor a bias");
    }

    static int embeddingPaddingRow(Family family) {
        return family == Family.CARP ? CARP_EMBEDDING_PADDING_IDX : ESM_PADDING_IDX;
    }
}
