package dev.plmlab.model.messages;

import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.spec.Variant;

/**
 * Exactly which network (or one-hot) produces features: part of every embedding job id.
 *
 * @param seed        seed of a seeded variant, else 0
 * @param pretraining fraction of pretraining of the checkpoint used
 */
public record EmbeddingModel(ModelFamily family, String size, String checkpoint, Variant variant, int seed, double pretraining) {

    /** As written in results.csv. */
    public String label() {
        String base = size != null ? family + "-" + size
                : checkpoint != null ? family + "-" + java.nio.file.Path.of(checkpoint).getFileName().toString().replaceFirst("\\.pt$", "")
                : family.specName();
        return pretraining == 1.0 ? base : base + "@" + pretraining;
    }
}
