package dev.plmlab.science.metrics;

import java.util.function.ToDoubleFunction;

/**
 * Statistics pooled over units (proteins) for {@link Bootstrap#overUnits}: a resample picks
 * proteins, and every scored residue of a picked protein counts, once per pick.
 */
public final class PooledUnits {
    private PooledUnits() {
    }

    /**
     * Accuracy over all residues of the resampled units: Σ correct / Σ scored. {@code correct[u]}
     * and {@code scored[u]} count unit u's correctly predicted and scored residues.
     */
    public static ToDoubleFunction<int[]> accuracy(int[] correct, int[] scored) {
        if (correct.length != scored.length) {
            throw new IllegalArgumentException("correct and scored counts differ in length: "
                    + correct.length + " vs " + scored.length);
        }
        for (int u = 0; u < scored.length; u++) {
            if (scored[u] < 0 || correct[u] < 0 || correct[u] > scored[u]) {
                throw new IllegalArgumentException("unit " + u + ": " + correct[u] + " correct of " + scored[u] + " scored");
            }
        }
        int[] c = correct.clone();
        int[] s = scored.clone();
        return units -> {
            long right = 0;
            long total = 0;
            for (int u : units) {
                right += c[u];
                total += s[u];
            }
            return total == 0 ? Double.NaN : (double) right / total;
        };
    }

    /** Per-unit counts from per-residue labels grouped by unit: {@code unitOf[i]} is residue i's unit. */
    public static int[][] correctAndScored(int[] truth, int[] predicted, int[] unitOf, int units) {
        Checks.samePositiveLength(truth.length, predicted.length);
        if (unitOf.length != truth.length) {
            throw new IllegalArgumentException("unitOf has " + unitOf.length + " entries for " + truth.length + " residues");
        }
        int[] correct = new int[units];
        int[] scored = new int[units];
        for (int i = 0; i < truth.length; i++) {
            scored[unitOf[i]]++;
            if (truth[i] == predicted[i]) {
                correct[unitOf[i]]++;
            }
        }
        return new int[][] {correct, scored};
    }
}
