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

    /** The model as results.csv names it, without its pretraining fraction (a column of its own there). */
    public String name() {
        return size != null ? family + "-" + size
                : checkpoint != null ? family + "-" + java.nio.file.Path.of(checkpoint).getFileName().toString().replaceFirst("\\.pt$", "")
                : family.specName();
    }

    /** The name with the pretraining fraction where it is not the final checkpoint, as in logs. */
    public String label() {
        return pretraining == 1.0 ? name() : name() + "@" + pretraining;
    }
}
