package dev.plmlab.inference.bench;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * An ESM-2 checkpoint with random weights, laid out as CheckpointReader returns real ones (prefixes
 * stripped, normalised config), for sizes no fixture has. The rotary inv_freq buffers are left out: the
 * graph builder computes fair-esm's default. LayerNorm weights 1 + N(0, 0.1), biases N(0, 0.1), the rest
 * N(0, 0.2), as the golden fixtures were drawn.
 */
final class RandomEsm2 {

    private static final int VOCAB = 33;

    private final Random random;
    private final Map<String, Tensor> state = new LinkedHashMap<>();

    private RandomEsm2(long seed) {
        this.random = new Random(seed);
    }

    /** esm2_t6_8M's shape is {@code build(6, 320, 20, seed)}: FFN 4 x dim = 1280. */
    static Checkpoint build(int layers, int dim, int heads, long seed) {
        RandomEsm2 r = new RandomEsm2(seed);
        Tensor embedding = r.gaussian("embed_tokens.weight", 0, 0.2, VOCAB, dim);
        for (int i = 0; i < layers; i++) {
            String p = "layers." + i;
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                r.linear(p + ".self_attn." + proj, dim, dim);
            }
            r.layerNorm(p + ".self_attn_layer_norm", dim);
            r.linear(p + ".fc1", 4 * dim, dim);
            r.linear(p + ".fc2", dim, 4 * dim);
            r.layerNorm(p + ".final_layer_norm", dim);
        }
        r.layerNorm("emb_layer_norm_after", dim);
        r.state.put("lm_head.weight", embedding); // tied, as in fair-esm
        r.gaussian("lm_head.bias", 0, 0.1, VOCAB);
        r.linear("lm_head.dense", dim, dim);
        r.layerNorm("lm_head.layer_norm", dim);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("layers", layers);
        config.put("embed_dim", dim);
        config.put("ffn_embed_dim", 4 * dim);
        config.put("attention_heads", heads);
        config.put("token_dropout", true);
        return new Checkpoint(Family.ESM2, "esm2_random_t" + layers + "_" + dim, config, r.state);
    }

    private void linear(String prefix, int out, int in) {
        gaussian(prefix + ".weight", 0, 0.2, out, in);
        gaussian(prefix + ".bias", 0, 0.1, out);
    }

    private void layerNorm(String prefix, int dim) {
        gaussian(prefix + ".weight", 1, 0.1, dim);
        gaussian(prefix + ".bias", 0, 0.1, dim);
    }

    private Tensor gaussian(String key, double mean, double std, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (mean + std * random.nextGaussian());
        }
        Tensor t = new Tensor(shape, data);
        state.put(key, t);
        return t;
    }
}
