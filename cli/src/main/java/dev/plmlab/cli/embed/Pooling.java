package dev.plmlab.cli.embed;

import dev.plmlab.cli.forge.CommandFailure;

/** How {@code embed} reduces a sequence's per-residue states. */
public enum Pooling {
    /** One vector per sequence and layer: the average over residue positions. */
    MEAN,
    /** Every residue position's vector, per layer. */
    NONE;

    /** @throws CommandFailure for anything but {@code mean} or {@code none} */
    public static Pooling parse(String text) throws CommandFailure {
        return switch (text) {
            case "mean" -> MEAN;
            case "none" -> NONE;
            default -> throw new CommandFailure("--pool must be 'mean' or 'none', got '" + text + "'");
        };
    }
}
