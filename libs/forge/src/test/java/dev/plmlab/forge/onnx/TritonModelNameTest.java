package dev.plmlab.forge.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.spec.Variant;
import org.junit.jupiter.api.Test;

class TritonModelNameTest {

    private static final String SHA = "a".repeat(64);
    private static final String OTHER_SHA = "b".repeat(64);

    @Test
    void pretrainedIsTheModelNameAndAContentHash() {
        String name = TritonModelName.of("esm2_t6_8M_UR50D", SHA, Variant.PRETRAINED, 42, GraphOptions.forged());
        assertTrue(name.matches("esm2_t6_8M_UR50D--[0-9a-f]{16}"), name);
    }

    @Test
    void seededVariantsNameVariantAndSeed() {
        assertTrue(TritonModelName.of("esm2_t6_8M_UR50D", SHA, Variant.STAT_TRANSFER_PERMUTE, 42, GraphOptions.forged())
                .startsWith("esm2_t6_8M_UR50D__stat-transfer-permute__s42--"));
        assertTrue(TritonModelName.of("carp_640M", SHA, Variant.RANDOM_INIT, 0, GraphOptions.forged())
                .startsWith("carp_640M__random-init__s0--"));
    }

    @Test
    void charactersTritonRefusesBecomeUnderscores() {
        String name = TritonModelName.of("carp_38M@0.25", SHA, Variant.RANDOM_INIT_REFERENCE, 3, GraphOptions.forged());
        assertTrue(name.startsWith("carp_38M_0.25__random-init-reference__s3--"), name);
        assertTrue(name.matches("[A-Za-z0-9_.-]+"), name);
    }

    @Test
    void theContentPartFollowsWhatWasForged() {
        String base = TritonModelName.of("esm2", SHA, Variant.RANDOM_INIT, 1, GraphOptions.forged());
        assertEquals(base, TritonModelName.of("esm2", SHA, Variant.RANDOM_INIT, 1, GraphOptions.forged()), "deterministic");
        assertNotEquals(content(base), content(TritonModelName.of("esm2", OTHER_SHA, Variant.RANDOM_INIT, 1, GraphOptions.forged())));
        assertNotEquals(content(base), content(TritonModelName.of("esm2", SHA, Variant.STAT_TRANSFER_RESAMPLE, 1, GraphOptions.forged())));
        assertNotEquals(content(base), content(TritonModelName.of("esm2", SHA, Variant.RANDOM_INIT, 2, GraphOptions.forged())));
        assertNotEquals(content(base), content(TritonModelName.of("esm2", SHA, Variant.RANDOM_INIT, 1, GraphOptions.defaults())));
        assertNotEquals(content(base), content(TritonModelName.of("esm2", SHA, Variant.RANDOM_INIT, 1,
                GraphOptions.forged().withFp16Weights(true))));
    }

    @Test
    void pretrainedWeightsIgnoreTheSeed() {
        assertEquals(TritonModelName.of("esm2", SHA, Variant.PRETRAINED, 0, GraphOptions.forged()),
                TritonModelName.of("esm2", SHA, Variant.PRETRAINED, 99, GraphOptions.forged()));
    }

    @Test
    void aMissingOrMalformedShaIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TritonModelName.of("esm2", null, Variant.PRETRAINED, 0, GraphOptions.forged()));
        assertThrows(IllegalArgumentException.class, () -> TritonModelName.of("esm2", "ABC", Variant.PRETRAINED, 0, GraphOptions.forged()));
    }

    private static String content(String name) {
        return name.substring(name.lastIndexOf("--") + 2);
    }
}
