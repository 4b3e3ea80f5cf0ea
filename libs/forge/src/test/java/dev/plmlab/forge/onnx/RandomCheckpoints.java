package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Random-weight checkpoints of any size, laid out as the reader returns real ones (prefixes stripped,
 * normalised config). They let tests and benchmarks exercise shapes the golden fixtures do not have.
 * Initialisation follows the fixtures' recipe: LayerNorm weights 1 + N(0, 0.1), biases N(0, 0.1),
 * everything else N(0, 0.2).
 */
public final class RandomCheckpoints {

    static final int ESM_VOCAB = 33;
    static final int ESM1_VOCAB = 35;
    static final int CARP_VOCAB = 30;

    private final Random random;
    private final Map<String, Tensor> state = new LinkedHashMap<>();

    private RandomCheckpoints(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Writes a random ESM-2 checkpoint file in the official fair-esm zip layout, streamed (one tensor in
     * memory at a time), e.g. t33_650M's architecture: {@code writeEsm2(file, 33, 1280, 20, seed)} (2.6 GB).
     * Read it back with {@link dev.plmlab.forge.checkpoint.CheckpointReader}.
     */
    public static java.nio.file.Path writeEsm2(java.nio.file.Path file, int layers, int dim, int heads, long seed)
            throws java.io.IOException {
        return dev.plmlab.forge.checkpoint.TorchZipWriter.esm2(file, layers, dim, heads, seed);
    }

    public static Checkpoint esm2(int layers, int dim, int heads, long seed) {
        RandomCheckpoints r = new RandomCheckpoints(seed);
        Tensor embedding = r.weight("embed_tokens.weight", ESM_VOCAB, dim);
        for (int i = 0; i < layers; i++) {
            r.esmLayer("layers." + i, dim, 4 * dim);
            r.state.put("layers." + i + ".self_attn.rot_emb.inv_freq",
                    new Tensor(new long[] {dim / heads / 2}, EsmTransformerLayer.defaultInvFreq(dim / heads)));
        }
        r.layerNorm("emb_layer_norm_after", dim);
        r.robertaLmHead(embedding, dim);
        return new Checkpoint(Family.ESM2, "esm2_random_t" + layers + "_" + dim, config(
                "layers", layers, "embed_dim", dim, "ffn_embed_dim", 4 * dim, "attention_heads", heads,
                "token_dropout", true), r.state);
    }

    static Checkpoint esm1b(int layers, int dim, int ffn, int heads, int maxPositions, long seed) {
        RandomCheckpoints r = new RandomCheckpoints(seed);
        Tensor embedding = r.weight("embed_tokens.weight", ESM_VOCAB, dim);
        r.weight("embed_positions.weight", maxPositions + 2, dim); // + padding_idx + 1
        r.layerNorm("emb_layer_norm_before", dim);
        for (int i = 0; i < layers; i++) {
            r.esmLayer("layers." + i, dim, ffn);
        }
        r.layerNorm("emb_layer_norm_after", dim);
        r.robertaLmHead(embedding, dim);
        return new Checkpoint(Family.ESM1B, "esm1b_random_t" + layers + "_" + dim, config(
                "layers", layers, "embed_dim", dim, "ffn_embed_dim", ffn, "attention_heads", heads,
                "max_positions", maxPositions, "token_dropout", true, "emb_layer_norm_before", true), r.state);
    }

    static Checkpoint esm1(int layers, int dim, int ffn, int heads, long seed) {
        RandomCheckpoints r = new RandomCheckpoints(seed);
        r.weight("embed_tokens.weight", ESM1_VOCAB, dim);
        for (int i = 0; i < layers; i++) {
            r.esmLayer("layers." + i, dim, ffn);
            r.weight("layers." + i + ".self_attn.bias_k", 1, 1, dim);
            r.weight("layers." + i + ".self_attn.bias_v", 1, 1, dim);
        }
        r.weight("embed_out", ESM1_VOCAB, dim);
        r.bias("embed_out_bias", ESM1_VOCAB);
        return new Checkpoint(Family.ESM1, "esm1_random_t" + layers + "_" + dim, config(
                "layers", layers, "embed_dim", dim, "ffn_embed_dim", ffn, "attention_heads", heads,
                "max_positions", 64, "token_dropout", false, "final_bias", true), r.state);
    }

    static Checkpoint carp(int layers, int dEmbed, int dModel, int kernel, int r, String activation, long seed) {
        RandomCheckpoints c = new RandomCheckpoints(seed);
        int dh = dModel / 2;
        c.weight("embedder.embedder.weight", CARP_VOCAB, dEmbed);
        c.conv("embedder.up_embedder.conv", dModel, dEmbed, 1);
        for (int n = 0; n < layers; n++) {
            String p = "embedder.layers." + n;
            c.conv(p + ".conv", dh, dh, kernel);
            c.layerNorm(p + ".sequence1.0", dModel);
            c.conv(p + ".sequence1.2.conv", dh, dModel, 1);
            c.layerNorm(p + ".sequence1.3", dh);
            c.layerNorm(p + ".sequence2.0", dh);
            c.conv(p + ".sequence2.2.conv", dModel, dh, 1);
        }
        c.conv("decoder.conv", CARP_VOCAB, dModel, 1);
        c.layerNorm("last_norm", dModel);
        return new Checkpoint(Family.CARP, "carp_random_" + layers, config(
                "d_embed", dEmbed, "d_model", dModel, "n_layers", layers, "kernel_size", kernel,
                "activation", activation, "slim", true, "r", r), c.state);
    }

    private void esmLayer(String p, int dim, int ffn) {
        for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
            linear(p + ".self_attn." + proj, dim, dim);
        }
        layerNorm(p + ".self_attn_layer_norm", dim);
        linear(p + ".fc1", ffn, dim);
        linear(p + ".fc2", dim, ffn);
        layerNorm(p + ".final_layer_norm", dim);
    }

    private void robertaLmHead(Tensor tiedEmbedding, int dim) {
        state.put("lm_head.weight", tiedEmbedding);
        bias("lm_head.bias", ESM_VOCAB);
        linear("lm_head.dense", dim, dim);
        layerNorm("lm_head.layer_norm", dim);
    }

    private void linear(String prefix, int out, int in) {
        weight(prefix + ".weight", out, in);
        bias(prefix + ".bias", out);
    }

    private void conv(String prefix, int out, int in, int kernel) {
        weight(prefix + ".weight", out, in, kernel);
        bias(prefix + ".bias", out);
    }

    private void layerNorm(String prefix, int dim) {
        state.put(prefix + ".weight", gaussian(new long[] {dim}, 1.0, 0.1));
        bias(prefix + ".bias", dim);
    }

    private Tensor weight(String key, long... shape) {
        Tensor t = gaussian(shape, 0.0, 0.2);
        state.put(key, t);
        return t;
    }

    private void bias(String key, int size) {
        state.put(key, gaussian(new long[] {size}, 0.0, 0.1));
    }

    private Tensor gaussian(long[] shape, double mean, double std) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (mean + std * random.nextGaussian());
        }
        return new Tensor(shape, data);
    }

    private static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }
}
