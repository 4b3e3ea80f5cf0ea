package dev.plmlab.forge.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomInitTest {

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void fullInitFollowsTheConstructorsDefaults(String family) {
        Checkpoint original = VariantFixtures.golden(family);
        Checkpoint fresh = RandomInit.apply(original, RandomInit.Flavour.FULL, 42);
        assertEquals(original.state().keySet(), fresh.state().keySet());
        for (Map.Entry<String, Tensor> e : fresh.state().entrySet()) {
            String name = e.getKey();
            float[] v = e.getValue().data();
            long[] shape = e.getValue().shape();
            assertArrayEquals(original.tensor(name).shape(), shape, name);
            switch (ParameterRoles.of(original.family(), name)) {
                case NORM_WEIGHT -> assertAll(v, 1f, name);
                case NORM_BIAS, ZEROS -> assertAll(v, 0f, name);
                case BUFFER -> assertArrayEquals(original.tensor(name).data(), v, name + " (buffer) is kept");
                case TIED_TO_TOKEN_EMBEDDING -> assertArrayEquals(fresh.tensor("embed_tokens.weight").data(), v, name);
                case EMBEDDING -> {
                    int pad = ParameterRoles.embeddingPaddingRow(original.family());
                    int width = (int) shape[1];
                    for (int j = 0; j < width; j++) {
                        assertEquals(0f, v[pad * width + j], name + " padding row");
                    }
                    assertEquals(1.0, VariantFixtures.std(v), 0.1, name + " ~ N(0, 1)");
                }
                case LINEAR_WEIGHT -> assertUniform(v, 1 / Math.sqrt(shape[1] * (shape.length == 3 ? shape[2] : 1)), name);
                case ATTENTION_INPUT_WEIGHT ->
                        assertUniform(v, Math.sqrt(0.5) * Math.sqrt(6.0 / (shape[0] + shape[1])), name);
                case ATTENTION_OUTPUT_WEIGHT -> assertUniform(v, Math.sqrt(6.0 / (shape[0] + shape[1])), name);
                case ATTENTION_BIAS_KV -> assertEquals(1 / Math.sqrt(shape[2]), VariantFixtures.std(v), 0.35 / Math.sqrt(shape[2]), name);
                case LINEAR_BIAS -> {
                    for (float x : v) {
                        assertTrue(Math.abs(x) <= 1.0, name);
                    }
                    assertFalse(Arrays.equals(original.tensor(name).data(), v), name + " redrawn");
                }
            }
        }
    }

    @Test
    void linearBiasUsesItsWeightsFanIn() {
        Checkpoint fresh = RandomInit.apply(VariantFixtures.golden("esm2"), RandomInit.Flavour.FULL, 1);
        // fc2 has fan-in 256: its bias lies within 1/16; fc1 (fan-in 64) reaches beyond that
        assertUniform(fresh.tensor("layers.0.fc2.bias").data(), 1 / 16.0, "fc2.bias");
        float max = 0;
        for (float x : fresh.tensor("layers.0.fc1.bias").data()) {
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max > 1 / 16.0 && max <= 1 / 8.0, "fc1.bias max " + max);
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void deterministicPerSeed(String family) {
        for (RandomInit.Flavour flavour : RandomInit.Flavour.values()) {
            Checkpoint original = VariantFixtures.golden(family);
            String a = VariantFixtures.digest(RandomInit.apply(original, flavour, 0));
            String b = VariantFixtures.digest(RandomInit.apply(VariantFixtures.golden(family), flavour, 0));
            String c = VariantFixtures.digest(RandomInit.apply(original, flavour, 42));
            assertEquals(a, b, flavour + " same seed");
            assertNotEquals(a, c, flavour + " different seed");
        }
    }

    @Test
    void referenceFlavourLeavesLayerNormsAndEmbeddingsPretrainedInEsm2() {
        Checkpoint original = VariantFixtures.golden("esm2");
        Checkpoint reset = RandomInit.apply(original, RandomInit.Flavour.REFERENCE, 42);
        for (String kept : new String[] {"embed_tokens.weight", "lm_head.weight", "lm_head.bias", "lm_head.dense.weight",
                "layers.0.self_attn_layer_norm.weight", "layers.0.self_attn_layer_norm.bias",
                "layers.2.final_layer_norm.weight", "emb_layer_norm_after.weight", "layers.1.self_attn.rot_emb.inv_freq"}) {
            assertArrayEquals(original.tensor(kept).data(), reset.tensor(kept).data(), kept + " stays pretrained");
        }
        for (String redrawn : new String[] {"layers.0.self_attn.q_proj.weight", "layers.0.self_attn.k_proj.bias",
                "layers.1.fc1.weight", "layers.2.fc2.bias", "contact_head.regression.weight"}) {
            assertFalse(Arrays.equals(original.tensor(redrawn).data(), reset.tensor(redrawn).data()), redrawn);
        }
        assertAll(reset.tensor("layers.0.self_attn.out_proj.bias").data(), 0f, "out_proj.bias");
    }

    @Test
    void referenceFlavourResetsEsm1bTokenEmbeddingThroughTheTie() {
        Checkpoint original = VariantFixtures.golden("esm1b");
        Checkpoint reset = RandomInit.apply(original, RandomInit.Flavour.REFERENCE, 42);
        float[] embed = reset.tensor("embed_tokens.weight").data();
        assertFalse(Arrays.equals(original.tensor("embed_tokens.weight").data(), embed));
        assertArrayEquals(embed, reset.tensor("lm_head.weight").data());
        assertUniform(embed, Math.sqrt(6.0 / (33 + 64)), "xavier-uniform lm_head.weight");
        assertFalse(Arrays.equals(original.tensor("embed_positions.weight").data(), reset.tensor("embed_positions.weight").data()));
        assertFalse(Arrays.equals(original.tensor("lm_head.dense.weight").data(), reset.tensor("lm_head.dense.weight").data()));
        assertArrayEquals(original.tensor("emb_layer_norm_before.weight").data(), reset.tensor("emb_layer_norm_before.weight").data());
    }

    @Test
    void referenceFlavourKeepsEsm1BiasKv() {
        Checkpoint original = VariantFixtures.golden("esm1");
        Checkpoint reset = RandomInit.apply(original, RandomInit.Flavour.REFERENCE, 42);
        assertArrayEquals(original.tensor("layers.0.self_attn.bias_k").data(), reset.tensor("layers.0.self_attn.bias_k").data());
        assertArrayEquals(original.tensor("embed_out").data(), reset.tensor("embed_out").data());
        assertFalse(Arrays.equals(original.tensor("layers.0.fc1.weight").data(), reset.tensor("layers.0.fc1.weight").data()));
    }

    @Test
    void referenceFlavourForCarpResetsOnlyInsideTheBlocks() {
        Checkpoint original = VariantFixtures.golden("carp");
        Checkpoint reset = RandomInit.apply(original, RandomInit.Flavour.REFERENCE, 42);
        for (String kept : new String[] {"embedder.embedder.weight", "embedder.up_embedder.conv.weight", "decoder.conv.bias",
                "last_norm.weight"}) {
            assertArrayEquals(original.tensor(kept).data(), reset.tensor(kept).data(), kept);
        }
        assertAll(reset.tensor("embedder.layers.2.sequence1.3.weight").data(), 1f, "block LayerNorm weight");
        assertAll(reset.tensor("embedder.layers.2.sequence2.0.bias").data(), 0f, "block LayerNorm bias");
        assertUniform(reset.tensor("embedder.layers.1.conv.weight").data(), 1 / Math.sqrt(16 * 5), "dilated conv");
    }

    private static void assertAll(float[] values, float expected, String name) {
        for (float v : values) {
            assertEquals(expected, v, name);
        }
    }

    /** Within [-bound, bound] and with the variance of U(-bound, bound) (bound^2 / 3) to 20%. */
    private static void assertUniform(float[] values, double bound, String name) {
        for (float v : values) {
            assertTrue(Math.abs(v) <= bound * (1 + 1e-6), name + ": " + v + " outside +-" + bound);
        }
        if (values.length >= 256) {
            double std = VariantFixtures.std(values);
            assertEquals(bound / Math.sqrt(3), std, 0.2 * bound / Math.sqrt(3), name + " std");
        }
    }
}
