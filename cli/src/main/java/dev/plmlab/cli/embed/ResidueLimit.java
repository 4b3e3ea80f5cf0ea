package dev.plmlab.cli.embed;

import dev.plmlab.forge.checkpoint.Checkpoint;
import java.util.Optional;

/**
 * The longest sequence, in residues, a model is run on.
 *
 * <ul>
 *   <li>ESM-1b has a learned position table: a batch may be at most {@code max_positions} tokens wide,
 *       {@code <cls>} and {@code <eos>} included, so {@code max_positions - 2} residues (1022 for the
 *       released model). Longer input has no position embedding at all.</li>
 *   <li>ESM-2 (rotary) and ESM-1 (sinusoidal) positions have no hard end, but the models were trained on
 *       crops of at most 1024 tokens and fair-esm's extract.py stops at 1022 residues; plmlab keeps that
 *       limit so features stay comparable with the reference.</li>
 *   <li>CARP is convolutional with no positions and no limit.</li>
 * </ul>
 *
 * @param maxResidues the most residues accepted
 * @param reason      why, for the error message
 */
public record ResidueLimit(int maxResidues, String reason) {

    /** fair-esm extract.py's default truncation length. */
    static final int REFERENCE_MAX_RESIDUES = 1022;

    public static Optional<ResidueLimit> of(Checkpoint checkpoint) {
        return switch (checkpoint.family()) {
            case ESM1B -> {
                int positions = checkpoint.intConfig("max_positions");
                yield Optional.of(new ResidueLimit(positions - 2, "its learned position table covers max_positions = "
                        + positions + " tokens, <cls> and <eos> included"));
            }
            case ESM2, ESM1 -> Optional.of(new ResidueLimit(REFERENCE_MAX_RESIDUES,
                    "the reference (fair-esm) embeds at most " + REFERENCE_MAX_RESIDUES + " residues with this family"));
            case CARP -> Optional.empty();
        };
    }
}
