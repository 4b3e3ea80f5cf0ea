package dev.plmlab.inference;

import java.util.List;

/**
 * Combines the outputs of a sequence's segments into one result.
 *
 * <p>Pooled layers: the residue-count-weighted mean of the segments' pooled means,
 * {@code sum_w n_w * mean_w / sum_w n_w}, where {@code n_w} is the number of residues in segment w. This is
 * the mean over all (segment, residue) pairs, so a residue covered by two sliding windows counts twice;
 * with one segment it is that segment's mean unchanged.
 *
 * <p>Per-residue states: each original residue covered by some segment gets the mean of its states over
 * the segments that cover it, rows in ascending residue position.
 */
final class WindowPooling {

    private WindowPooling() {
    }

    /** @param means per segment, [L+1][D] */
    static float[][] pooled(List<Segment> segments, List<float[][]> means) {
        if (segments.size() == 1) {
            return means.get(0);
        }
        int layers = means.get(0).length;
        int dim = means.get(0)[0].length;
        double[][] sum = new double[layers][dim];
        long residues = 0;
        for (int s = 0; s < segments.size(); s++) {
            int n = segments.get(s).length();
            residues += n;
            float[][] mean = means.get(s);
            for (int l = 0; l < layers; l++) {
                for (int d = 0; d < dim; d++) {
                    sum[l][d] += (double) n * mean[l][d];
                }
            }
        }
        float[][] out = new float[layers][dim];
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < dim; d++) {
                out[l][d] = (float) (sum[l][d] / residues);
            }
        }
        return out;
    }

    /**
     * @param states per segment, [n_w][D] aligned with the segment's residues
     * @return the covered positions (ascending) and their states
     */
    static PerResidue perResidue(List<Segment> segments, List<float[][]> states, int sequenceLength) {
        int dim = states.get(0).length == 0 ? 0 : states.get(0)[0].length;
        double[][] sum = new double[sequenceLength][];
        int[] count = new int[sequenceLength];
        for (int s = 0; s < segments.size(); s++) {
            int[] positions = segments.get(s).positions();
            for (int i = 0; i < positions.length; i++) {
                int p = positions[i];
                if (sum[p] == null) {
                    sum[p] = new double[dim];
                }
                for (int d = 0; d < dim; d++) {
                    sum[p][d] += states.get(s)[i][d];
                }
                count[p]++;
            }
        }
        int covered = 0;
        for (int c : count) {
            covered += c > 0 ? 1 : 0;
        }
        int[] positions = new int[covered];
        float[][] rows = new float[covered][dim];
        int at = 0;
        for (int p = 0; p < sequenceLength; p++) {
            if (count[p] == 0) {
                continue;
            }
            positions[at] = p;
            for (int d = 0; d < dim; d++) {
                rows[at][d] = (float) (sum[p][d] / count[p]);
            }
            at++;
        }
        return new PerResidue(positions, rows);
    }

    record PerResidue(int[] positions, float[][] states) {
    }
}
