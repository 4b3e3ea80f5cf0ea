package dev.plmlab.cli.plan;

import java.util.Arrays;

/**
 * How many sequences a task's prepared dataset holds and how long they are, as dataset-prep keeps them
 * (GB1 cut to its 56 residues): what tokens and storage are computed from.
 *
 * @param fit     lengths of the sequences a probe is fitted on (train and validation parts); for an estimate,
 *                every sequence (the published count does not say how many are test sequences)
 * @param test    lengths of the test part (empty for an estimate)
 * @param exact   counted from the data itself; false for a published size with a typical length
 * @param classes classes of a classification task (0: regression, or not known)
 * @param source  where the numbers come from, for the user
 */
public record DatasetStats(int[] fit, int[] test, boolean exact, int classes, String source) {

    /** {@code sequences} sequences of {@code meanLength} residues each, all counted as fitted on. */
    static DatasetStats estimate(int sequences, int meanLength, int classes, String source) {
        int[] lengths = new int[sequences];
        Arrays.fill(lengths, meanLength);
        return new DatasetStats(lengths, new int[0], false, classes, source);
    }

    public int sequences() {
        return fit.length + test.length;
    }

    public long residues() {
        return Arrays.stream(fit).asLongStream().sum() + Arrays.stream(test).asLongStream().sum();
    }

    public long fitResidues() {
        return Arrays.stream(fit).asLongStream().sum();
    }

    public int maxLength() {
        return Math.max(Arrays.stream(fit).max().orElse(0), Arrays.stream(test).max().orElse(0));
    }

    /** Every length, fitted parts first. */
    int[] all() {
        int[] all = Arrays.copyOf(fit, fit.length + test.length);
        System.arraycopy(test, 0, all, fit.length, test.length);
        return all;
    }
}
