package dev.plmlab.report;

import dev.plmlab.model.messages.ProbeOutcome;
import java.util.Comparator;

/**
 * A cell of the grid without its seeds: the results that model seeds and probe seeds repeat.
 *
 * @param size catalogue size, null for local checkpoints and one-hot
 */
record Condition(String task, String split, String model, String family, String size, String variant,
                 double pretraining, int layer, String probe) {

    static final Comparator<Condition> ORDER = Comparator.comparing(Condition::task).thenComparing(Condition::split)
            .thenComparing(Condition::model).thenComparing(Condition::probe).thenComparingDouble(Condition::pretraining)
            .thenComparing(c -> Variants.rank(c.variant())).thenComparing(Condition::variant).thenComparingInt(Condition::layer);

    static Condition of(ProbeOutcome o) {
        return new Condition(o.task(), o.split(), o.model(), o.family(), o.size(), o.variant(), o.pretraining(), o.layer(),
                o.probe());
    }

    /** The same cell for another variant, e.g. the pretrained counterpart of an ablation. */
    Condition withVariant(String other) {
        return new Condition(task, split, model, family, size, other, pretraining, layer, probe);
    }

    Condition atLayer(int other) {
        return new Condition(task, split, model, family, size, variant, pretraining, other, probe);
    }

    boolean isOneHot() {
        return "one-hot".equals(family);
    }
}
