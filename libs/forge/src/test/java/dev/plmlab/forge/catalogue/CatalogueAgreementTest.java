package dev.plmlab.forge.catalogue;

import dev.plmlab.model.catalog.KnownModel;
import dev.plmlab.model.catalog.KnownModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The study's two lists of models, the spec-facing {@link KnownModels} (libs/model) and the forge's
 * {@code models.json}, agree on everything both hold: names, family, layers, width and the published
 * pretraining checkpoints.
 */
class CatalogueAgreementTest {

    private final ModelCatalogue catalogue = ModelCatalogue.load();

    @Test
    void everyKnownModelIsInTheCatalogueWithTheSameShapeAndCheckpoints() {
        List<String> problems = new ArrayList<>();
        for (KnownModel known : knownModels()) {
            for (double fraction : known.pretrainingFractions()) {
                String name = fraction == 1.0 ? known.officialName() : known.officialName() + "@" + fraction;
                Optional<CatalogueEntry> entry = catalogue.find(name);
                if (entry.isEmpty()) {
                    problems.add(name + " (" + known.family() + " " + known.size() + ") is not in models.json");
                    continue;
                }
                compare(known, entry.get(), fraction, problems);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyCatalogueEntryIsAKnownModelCheckpoint() {
        List<String> problems = new ArrayList<>();
        for (CatalogueEntry entry : catalogue.models()) {
            String base = entry.name().contains("@") ? entry.name().substring(0, entry.name().indexOf('@')) : entry.name();
            Optional<KnownModel> known = knownModels().stream().filter(k -> k.officialName().equals(base)).findFirst();
            if (known.isEmpty()) {
                problems.add(entry.name() + " is in models.json but not in KnownModels");
                continue;
            }
            if (!known.get().pretrainingFractions().contains(entry.pretrainingFraction())) {
                problems.add(entry.name() + ": pretraining fraction " + entry.pretrainingFraction() + " is not one of KnownModels' "
                        + known.get().pretrainingFractions());
            }
            String expectedName = entry.pretrainingFraction() == 1.0 ? base : base + "@" + entry.pretrainingFraction();
            if (!expectedName.equals(entry.name())) {
                problems.add(entry.name() + " should be named " + expectedName + " for its pretraining fraction");
            }
            compare(known.get(), entry, entry.pretrainingFraction(), problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void namesAreUnique() {
        assertEquals(catalogue.models().size(), catalogue.models().stream().map(CatalogueEntry::name).distinct().count());
    }

    private static void compare(KnownModel known, CatalogueEntry entry, double fraction, List<String> problems) {
        if (!entry.family().name().equals(known.family().name())) {
            problems.add(entry.name() + ": family " + entry.family() + " in models.json, " + known.family() + " in KnownModels");
        }
        if (entry.layers() != known.layers()) {
            problems.add(entry.name() + ": " + entry.layers() + " layers in models.json, " + known.layers() + " in KnownModels");
        }
        if (entry.dim() != known.dim()) {
            problems.add(entry.name() + ": width " + entry.dim() + " in models.json, " + known.dim() + " in KnownModels");
        }
        if (entry.pretrainingFraction() != fraction) {
            problems.add(entry.name() + ": pretraining fraction " + entry.pretrainingFraction() + ", expected " + fraction);
        }
    }

    private static List<KnownModel> knownModels() {
        return KnownModels.all();
    }
}
