package dev.plmlab.report.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm–Bonferroni correction for a family of comparisons (e.g. one test per task or per
 * ablation): it controls the family-wise error rate like Bonferroni, under any dependence between
 * the tests, while rejecting at least as much, so there is no reason to report plain Bonferroni.
 */
public final class Holm {
    private Holm() {
    }

    /**
     * Holm-adjusted p-values in input order, as statsmodels' {@code multipletests(p,
     * method="holm")[1]}: with the m p-values ascending, the i-th (from 0) becomes
     * min(1, max over j ≤ i of (m − j)·p(j)). NaN entries (a test that could not be computed) stay
     * NaN and do not count in m, so a missing test neither costs nor earns the others anything. An
     * empty array gives an empty array.
     *
     * @throws IllegalArgumentException for a p-value outside [0, 1] (NaN excepted)
     */
    public static double[] adjust(double[] p) {
        if (p == null) {
            throw new IllegalArgumentException("p is null");
        }
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i]) && !(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("p[" + i + "] is not a p-value: " + p[i]);
            }
        }
        Integer[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int j = 0; j < m; j++) {
            running = Math.max(running, (m - j) * p[order[j]]);
            adjusted[order[j]] = Math.min(1, running);
        }
        return adjusted;
    }
}
