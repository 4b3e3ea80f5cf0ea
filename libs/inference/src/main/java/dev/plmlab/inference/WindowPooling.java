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
 * the segments that cover it, rows in ascending residue position; with one segment, its rows unchanged
 * (not copied).
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

    /** The original positions that some segment covers, ascending. */
    static int[] coveredPositions(List<Segment> segments, int sequenceLength) {
        boolean[] covered = new boolean[sequenceLength];
        for (Segment segment : segments) {
            for (int p : segment.positions()) {
                covered[p] = true;
            }
        }
        return java.util.stream.IntStream.range(0, sequenceLength).filter(p -> covered[p]).toArray();
    }

    /**
     * @param states per segment, [n_w][D] aligned with the segment's residues
     * @return the covered positions (ascending) and, for each, the mean of its states over the segments
     *         covering it
     */
    static PerResidue perResidue(List<Segment> segments, List<float[][]> states, int sequenceLength) {
        if (segments.size() == 1) {
            // one segment covers each of its (ascending) positions once: its rows are the result, uncopied
            return new PerResidue(segments.get(0).positions(), states.get(0));
        }
        int[] positions = coveredPositions(segments, sequenceLength);
        int[] rowOf = new int[sequenceLength];
        for (int row = 0; row < positions.length; row++) {
            rowOf[positions[row]] = row;
        }
        int dim = states.get(0).length == 0 ? 0 : states.get(0)[0].length;
        double[][] sum = new double[positions.length][dim];
        int[] count = new int[positions.length];
        for (int s = 0; s < segments.size(); s++) {
            int[] segmentPositions = segments.get(s).positions();
            for (int i = 0; i < segmentPositions.length; i++) {
                int row = rowOf[segmentPositions[i]];
                for (int d = 0; d < dim; d++) {
                    sum[row][d] += states.get(s)[i][d];
                }
                count[row]++;
            }
        }
        float[][] rows = new float[positions.length][dim];
        for (int row = 0; row < positions.length; row++) {
            for (int d = 0; d < dim; d++) {
                rows[row][d] = (float) (sum[row][d] / count[row]);
            }
        }
        return new PerResidue(positions, rows);
    }

    record PerResidue(int[] positions, float[][] states) {
    }
}
