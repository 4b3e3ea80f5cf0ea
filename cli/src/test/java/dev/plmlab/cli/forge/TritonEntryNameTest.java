package dev.plmlab.cli.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plmlab.model.spec.Variant;
import org.junit.jupiter.api.Test;

class TritonEntryNameTest {

    @Test
    void pretrainedIsTheModelNameAndSeedsDoNotMatter() {
        assertEquals("esm2_t6_8M_UR50D", TritonEntryName.of("esm2_t6_8M_UR50D", Variant.PRETRAINED, 42));
    }

    @Test
    void seededVariantsCarryVariantAndSeed() {
        assertEquals("esm2_t6_8M_UR50D__stat-transfer-permute__s42",
                TritonEntryName.of("esm2_t6_8M_UR50D", Variant.STAT_TRANSFER_PERMUTE, 42));
        assertEquals("carp_640M__random-init__s0", TritonEntryName.of("carp_640M", Variant.RANDOM_INIT, 0));
    }

    @Test
    void charactersTritonRejectsBecomeUnderscores() {
        assertEquals("carp_38M_0.25__random-init-reference__s3",
                TritonEntryName.of("carp_38M@0.25", Variant.RANDOM_INIT_REFERENCE, 3));
    }
}
