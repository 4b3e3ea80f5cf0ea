package dev.plmlab.forge.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.plmlab.forge.checkpoint.Family;
import org.junit.jupiter.api.Test;

class ModelCatalogueTest {

    private final ModelCatalogue catalogue = ModelCatalogue.load();

    @Test
    void holdsEveryModelOfTheStudyWithItsSize() {
        // name, layers, dim as in SCIENCE.md's model table
        Object[][] expected = {
                {"esm1_t6_43M_UR50S", 6, 768}, {"esm1_t12_85M_UR50S", 12, 768}, {"esm1_t34_670M_UR50S", 34, 1280},
                {"esm1b_t33_650M_UR50S", 33, 1280},
                {"esm2_t6_8M_UR50D", 6, 320}, {"esm2_t12_35M_UR50D", 12, 480}, {"esm2_t30_150M_UR50D", 30, 640},
                {"esm2_t33_650M_UR50D", 33, 1280}, {"esm2_t36_3B_UR50D", 36, 2560}, {"esm2_t48_15B_UR50D", 48, 5120},
                {"carp_600k", 16, 128}, {"carp_38M", 16, 1024}, {"carp_76M", 32, 1024}, {"carp_640M", 56, 1280}};
        for (Object[] row : expected) {
            CatalogueEntry entry = catalogue.require((String) row[0]);
            assertEquals(row[1], entry.layers(), entry.name());
            assertEquals(row[2], entry.dim(), entry.name());
            assertEquals(1.0, entry.pretrainingFraction());
            assertTrue(entry.modelUri().isPresent(), entry.name());
        }
        assertEquals(14 + 4 * 3, catalogue.models().size());
    }

    @Test
    void esmUrlsFollowFairEsmsLayout() {
        for (CatalogueEntry entry : catalogue.models()) {
            if (entry.family() == Family.CARP) {
                assertNull(entry.contactRegressionUrl(), entry.name());
                continue;
            }
            assertEquals("https://dl.fbaipublicfiles.com/fair-esm/models/" + entry.name() + ".pt", entry.modelUrl());
            assertEquals("https://dl.fbaipublicfiles.com/fair-esm/regression/" + entry.name() + "-contact-regression.pt",
                    entry.contactRegressionUrl());
        }
        assertEquals("https://zenodo.org/record/6564798/files/carp_38M.pt?download=1",
                catalogue.require("carp_38M").modelUrl());
    }

    @Test
    void intermediateCarpCheckpointsHaveStepsButNoKnownUrl() {
        for (String model : List.of("carp_600k", "carp_38M", "carp_76M", "carp_640M")) {
            for (String fraction : List.of("0.125", "0.25", "0.5")) {
                CatalogueEntry entry = catalogue.require(model + "@" + fraction);
                assertEquals(Double.parseDouble(fraction), entry.pretrainingFraction());
                assertTrue(entry.pretrainingStep() > 0);
                assertTrue(entry.modelUri().isEmpty(), "no invented URL for " + entry.name());
            }
        }
        assertEquals(129575L, catalogue.require("carp_38M@0.125").pretrainingStep());
    }

    @Test
    void noChecksumIsClaimedBecauseNoneIsPublished() {
        assertTrue(catalogue.models().stream().allMatch(m -> m.sha256() == null));
    }

    @Test
    void unknownNameListsKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalogue.require("esm3"));
        assertTrue(e.getMessage().contains("esm2_t6_8M_UR50D"), e.getMessage());
    }
}
