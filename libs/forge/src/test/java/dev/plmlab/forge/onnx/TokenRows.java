package dev.plmlab.forge.onnx;

import dev.plmlab.forge.checkpoint.Family;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random token rows framed as each family's batch converter frames them (ESM-2/1b: cls .. eos; ESM-1:
 * cls ..; CARP: bare residues) and right-padded, so tests need not depend on the tokenisers.
 */
final class TokenRows {

    private TokenRows() {
    }

    /** Residue ids: 4..30 for ESM (LAGV...O.-), 0..25 for CARP (A..U); a tenth of them the mask token. */
    static long[] randomResidues(Family family, int length, Random random) {
        SpecialTokens special = SpecialTokens.of(family);
        long[] residues = new long[length];
        for (int i = 0; i < length; i++) {
            boolean mask = random.nextInt(10) == 0;
            long residue = family == Family.CARP ? random.nextInt(26) : 4 + random.nextInt(27);
            residues[i] = mask ? special.mask() : residue;
        }
        return residues;
    }

    /** The row the reference encoder produces for these residues, before padding. */
    static long[] frame(Family family, long[] residues) {
        SpecialTokens special = SpecialTokens.of(family);
        int extra = (special.cls() >= 0 ? 1 : 0) + (special.eos() >= 0 ? 1 : 0);
        long[] row = new long[residues.length + extra];
        int at = 0;
        if (special.cls() >= 0) {
            row[at++] = special.cls();
        }
        System.arraycopy(residues, 0, row, at, residues.length);
        if (special.eos() >= 0) {
            row[row.length - 1] = special.eos();
        }
        return row;
    }

    /** Right-pads the rows to the longest plus {@code extraPad} columns. */
    static long[][] padded(Family family, List<long[]> rows, int extraPad) {
        int length = rows.stream().mapToInt(r -> r.length).max().orElse(0) + extraPad;
        long[][] batch = new long[rows.size()][];
        for (int b = 0; b < rows.size(); b++) {
            batch[b] = Arrays.copyOf(rows.get(b), length);
            Arrays.fill(batch[b], rows.get(b).length, length, SpecialTokens.of(family).pad());
        }
        return batch;
    }

    /** Index of the first residue in a framed row (after cls, if any). */
    static int firstResidue(Family family) {
        return SpecialTokens.of(family).cls() >= 0 ? 1 : 0;
    }
}
