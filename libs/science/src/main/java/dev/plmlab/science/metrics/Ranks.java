package dev.plmlab.science.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Ranking helpers shared by the rank-based metrics. */
public final class Ranks {
    private Ranks() {
    }

    /**
     * 1-based ranks where tied values all receive the mean of the ranks they span (the
     * "average" method of scipy.stats.rankdata), which is what Spearman's ρ with ties needs.
     */
    public static double[] average(double[] values) {
        int n = values.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && values[order[end]] == values[order[start]]) {
                end++;
            }
            // positions start..end-1 hold equal values; their 1-based ranks are start+1..end
            double mean = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++) {
                ranks[order[k]] = mean;
            }
            start = end;
        }
        return ranks;
    }
}
