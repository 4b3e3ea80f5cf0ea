package dev.plmlab.model.spec;

import dev.plmlab.model.catalog.ModelFamily;
import java.util.List;

/**
 * A feature extractor and the grid over it.
 *
 * @param family       one-hot, esm1, esm1b, esm2 or carp
 * @param size         a known size of the family (null for one-hot or for a given checkpoint)
 * @param checkpoint   a local checkpoint file to use instead of the official one (optional)
 * @param variants     weight variants to run
 * @param seeds        seeds for seeded variants
 * @param pretraining  fractions of pretraining (1.0 = the released model)
 * @param layers       which layers to probe
 * @param pooling      mean or none (per residue); null: each task's default ({@link #poolingFor})
 */
public record ModelSpec(
        ModelFamily family,
        String size,
        String checkpoint,
        List<Variant> variants,
        List<Integer> seeds,
        List<Double> pretraining,
        LayerSelection layers,
        Pooling pooling) {

    /** The pooling for a task: as written, else per residue for per-residue tasks and mean otherwise. */
    public Pooling poolingFor(dev.plmlab.model.catalog.TaskType task) {
        if (pooling != null) {
            return pooling;
        }
        return task == dev.plmlab.model.catalog.TaskType.PER_RESIDUE_CLASSIFICATION ? Pooling.NONE : Pooling.MEAN;
    }

    /** A short stable label such as {@code esm2-t6_8M} or {@code one-hot}. */
    public String label() {
        if (size != null) {
            return family + "-" + size;
        }
        if (checkpoint != null) {
            String file = java.nio.file.Path.of(checkpoint).getFileName().toString();
            return family + "-" + file.replaceFirst("\\.pt$", "");
        }
        return family.specName();
    }
}
