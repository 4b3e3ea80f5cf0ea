package dev.plmlab.cli.forge;

import dev.plmlab.forge.ModelForge;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.model.spec.Variant;

/**
 * The weight variants of the study, by the names experiment specs use ({@link Variant}), applied to a
 * checkpoint with the forge's ablations ({@link ModelForge}).
 */
public final class WeightVariants {

    private WeightVariants() {
    }

    /** @throws CommandFailure listing the known names if {@code name} is none of them */
    public static Variant parse(String name) throws CommandFailure {
        Variant variant = Variant.fromSpecName(name);
        if (variant == null) {
            throw new CommandFailure("unknown variant '" + name + "'; use one of: " + String.join(", ", Variant.specNames()));
        }
        return variant;
    }

    /**
     * The checkpoint with its weights changed as {@code variant} says (lazily, through the forge's one
     * entry point, {@link ModelForge#applyVariant}); {@code seed} is unused for pretrained.
     */
    public static Checkpoint apply(Checkpoint checkpoint, Variant variant, long seed) {
        return ModelForge.applyVariant(checkpoint, variant, seed);
    }

    /** How the variant and seed read in messages: {@code pretrained}, {@code stat-transfer/permute (seed 42)}. */
    public static String describe(Variant variant, long seed) {
        return variant.seeded() ? variant.specName() + " (seed " + seed + ")" : variant.specName();
    }
}
