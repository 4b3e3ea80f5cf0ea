package dev.plmlab.science.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Normalised discounted cumulative gain over a whole test set, for regression tasks where the
 * question is "does the model rank the best variants first".
 *
 * <p>Definition used by plmlab (state it when reporting NDCG):
 * <ul>
 *   <li>gains are the true targets shifted so that their minimum is 0
 *       ({@code gain_i = y_i - min(y)}), because NDCG needs non-negative gains and regression
 *       targets (e.g. log fitness) may be negative;</li>
 *   <li>items are ranked by prediction, highest first; the item at 0-based rank r is
 *       discounted by {@code 1 / log2(r + 2)}; no cut-off (k = all items);</li>
 *   <li>items with tied predictions share the mean gain of their tie group (so the order
 *       within a tie does not matter);</li>
 *   <li>NDCG = DCG / IDCG where IDCG ranks by the true gains; 0 when every gain is 0.</li>
 * </ul>
 * This equals {@code sklearn.metrics.ndcg_score([y - y.min()], [pred])} (one query holding the
 * whole test set, {@code k=None}, {@code ignore_ties=False}).
 */
public final class Ndcg {
    private Ndcg() {
    }

    public static double score(double[] yTrue, double[] yPred) {
        Checks.samePositiveLength(yTrue.length, yPred.length);
        Checks.finite(yTrue, "yTrue");
        Checks.finite(yPred, "yPred");
        int n = yTrue.length;
        double min = Arrays.stream(yTrue).min().orElseThrow();
        double[] gains = new double[n];
        for (int i = 0; i < n; i++) {
            gains[i] = yTrue[i] - min;
        }
        double ideal = tieAveragedDcg(gains, gains);
        if (ideal == 0) {
            return 0;
        }
        return tieAveragedDcg(gains, yPred) / ideal;
    }

    private static double tieAveragedDcg(double[] gains, double[] rankBy) {
        int n = gains.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> rankBy[i]).reversed());
        double dcg = 0;
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && rankBy[order[end]] == rankBy[order[start]]) {
                end++;
            }
            double gainSum = 0;
            double discountSum = 0;
            for (int r = start; r < end; r++) {
                gainSum += gains[order[r]];
                discountSum += 1.0 / (Math.log(r + 2) / Math.log(2));
            }
            dcg += gainSum / (end - start) * discountSum;
            start = end;
        }
        return dcg;
    }
}
