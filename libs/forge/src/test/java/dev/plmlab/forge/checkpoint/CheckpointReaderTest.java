package dev.plmlab.forge.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CheckpointReaderTest {

    private static final Map<String, Family> FAMILY = Map.of(
            "esm2", Family.ESM2, "esm1b", Family.ESM1B, "esm1", Family.ESM1, "carp", Family.CARP);

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void readsEveryFamilyWithTheShapesItsExpectedConfigImplies(String family) throws Exception {
        JsonNode expected = GoldenFixtures.expected(family);
        Checkpoint checkpoint = CheckpointReader.read(GoldenFixtures.checkpoint(family));

        assertEquals(FAMILY.get(family), checkpoint.family());
        Map<String, Object> referenceConfig = configFromExpectedJson(family, expected.get("config"));
        Map<String, long[]> shapes = ParameterShapes.expected(checkpoint.family(), referenceConfig);
        Set<String> names = new HashSet<>(checkpoint.state().keySet());
        if (family.equals("esm1")) {
            // a dtype-carrier buffer: present in the file, not a parameter
            assertTrue(names.remove("embed_positions._float_tensor"));
        }
        assertEquals(shapes.keySet(), names, "parameter names after prefix stripping");
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            assertArrayEquals(e.getValue(), checkpoint.tensor(e.getKey()).shape(), e.getKey());
        }
        // the vocabulary width written out from expected.json, independent of ParameterShapes
        long vocab = expected.get("config").get("vocab_size").asLong();
        String embedding = family.equals("carp") ? "embedder.embedder.weight" : "embed_tokens.weight";
        assertEquals(vocab, checkpoint.tensor(embedding).shape()[0]);
    }

    @Test
    void normalisesEsmConfigNames() throws Exception {
        Checkpoint esm2 = CheckpointReader.read(GoldenFixtures.checkpoint("esm2"));
        assertEquals("esm2_t3_64_tiny", esm2.name());
        assertEquals(3, esm2.intConfig("layers"));
        assertEquals(64, esm2.intConfig("embed_dim"));
        assertEquals(4, esm2.intConfig("attention_heads"));
        assertEquals(256, esm2.intConfig("ffn_embed_dim"));
        assertTrue(esm2.booleanConfig("token_dropout", false));

        Checkpoint esm1b = CheckpointReader.read(GoldenFixtures.checkpoint("esm1b"));
        assertEquals(2, esm1b.intConfig("layers"));
        assertEquals(128, esm1b.intConfig("ffn_embed_dim"));
        assertEquals(64, esm1b.intConfig("max_positions"));
        assertEquals("roberta_large", esm1b.config().get("arch"));
        assertTrue(esm1b.booleanConfig("token_dropout", false));
        assertTrue(esm1b.booleanConfig("emb_layer_norm_before", false));

        Checkpoint esm1 = CheckpointReader.read(GoldenFixtures.checkpoint("esm1"));
        assertEquals(2, esm1.intConfig("layers"));
        assertEquals(128, esm1.intConfig("ffn_embed_dim"));
        assertEquals(4, esm1.intConfig("attention_heads"));
        assertEquals(Boolean.FALSE, esm1.config().get("token_dropout"), "ESM-1 has no token dropout");
        assertTrue(esm1.booleanConfig("final_bias", false));
        assertFalse(esm1.config().containsKey("decoder_layers"));

        Checkpoint carp = CheckpointReader.read(GoldenFixtures.checkpoint("carp"));
        assertEquals("carp_tiny", carp.name());
        assertEquals(Map.of("d_embed", 8, "d_model", 32, "n_layers", 4, "kernel_size", 5, "activation", "gelu",
                "slim", true, "r", 128), carp.config());
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void legacyFormatGivesTheSameCheckpoint(String family) throws Exception {
        Checkpoint zip = CheckpointReader.read(GoldenFixtures.checkpoint(family));
        Checkpoint legacy = CheckpointReader.read(GoldenFixtures.legacyCheckpoint(family));
        assertEquals(zip.family(), legacy.family());
        assertEquals(zip.config(), legacy.config());
        assertEquals(List.copyOf(zip.state().keySet()), List.copyOf(legacy.state().keySet()));
        for (String name : zip.state().keySet()) {
            assertArrayEquals(zip.tensor(name).shape(), legacy.tensor(name).shape(), name);
            assertArrayEquals(zip.tensor(name).data(), legacy.tensor(name).data(), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b"})
    void tiedOutputWeightSharesValuesButNotTheArray(String family) throws Exception {
        Checkpoint checkpoint = CheckpointReader.read(GoldenFixtures.checkpoint(family));
        Tensor embed = checkpoint.tensor("embed_tokens.weight");
        Tensor head = checkpoint.tensor("lm_head.weight");
        assertArrayEquals(embed.data(), head.data());
        assertNotSame(embed.data(), head.data(), "each tensor owns its values");
    }

    @Test
    void decodesFloatValuesExactly() throws Exception {
        // ESM-2's rotary buffer is computed, not random: 1 / 10000^(2i / head_dim), head_dim = 16
        Checkpoint esm2 = CheckpointReader.read(GoldenFixtures.checkpoint("esm2"));
        float[] invFreq = esm2.tensor("layers.1.self_attn.rot_emb.inv_freq").data();
        for (int i = 0; i < invFreq.length; i++) {
            assertEquals(1.0 / Math.pow(10000, 2.0 * i / 16), invFreq[i], 1e-7, "inv_freq[" + i + "]");
        }
        Checkpoint esm1 = CheckpointReader.read(GoldenFixtures.checkpoint("esm1"));
        assertArrayEquals(new float[] {0f}, esm1.tensor("embed_positions._float_tensor").data());
        // LayerNorm weights were drawn as 1 + N(0, 0.1^2): their mean sits near 1
        float[] gamma = esm1.tensor("layers.0.final_layer_norm.weight").data();
        double mean = 0;
        for (float g : gamma) {
            mean += g / gamma.length;
        }
        assertEquals(1.0, mean, 0.06);
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1"})
    void readsContactRegression(String family) throws Exception {
        Path model = GoldenFixtures.checkpoint(family);
        Path regressionFile = CheckpointReader.contactRegressionFile(model);
        assertEquals(GoldenFixtures.expected(family).get("contact_regression_checkpoint").asText(),
                regressionFile.getFileName().toString());
        Map<String, Tensor> regression = CheckpointReader.readContactRegression(regressionFile);
        Checkpoint plain = CheckpointReader.read(model);
        long maps = (long) plain.intConfig("layers") * plain.intConfig("attention_heads");
        assertArrayEquals(new long[] {1, maps}, regression.get("contact_head.regression.weight").shape());
        assertArrayEquals(new long[] {1}, regression.get("contact_head.regression.bias").shape());

        Checkpoint merged = CheckpointReader.readWithContactRegression(model);
        assertEquals(plain.state().size() + 2, merged.state().size());
        assertArrayEquals(regression.get("contact_head.regression.weight").data(),
                merged.tensor("contact_head.regression.weight").data());
        assertFalse(plain.state().containsKey("contact_head.regression.weight"));
    }

    /** Maps expected.json's config (reference names) to the names {@link Checkpoint} normalises to. */
    private static Map<String, Object> configFromExpectedJson(String family, JsonNode config) {
        Map<String, Object> out = new HashMap<>();
        config.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            Object value = v.isInt() || v.isLong() ? (Object) v.asInt() : v.isBoolean() ? (Object) v.asBoolean() : v.asText();
            out.put(e.getKey().equals("num_layers") ? "layers" : e.getKey(), value);
        });
        if (!family.equals("carp")) {
            assertTrue(out.containsKey("layers"));
        }
        return out;
    }
}
