package dev.plmlab.report;

import dev.plmlab.model.results.TestPredictions;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * The headline metric of a group of results (a model's seeds) on a resample of the test units: the mean of
 * each result's metric on the same units. Built for paired comparisons, so every result must have been
 * scored on the same test set.
 */
final class ResampledHeadline {

    private ResampledHeadline() {
    }

    /** Throws IllegalArgumentException when the results were not scored on the same units. */
    static ToDoubleFunction<int[]> of(List<TestPredictions> group, TestPredictions reference) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("no predictions to compare");
        }
        for (TestPredictions p : group) {
            sameUnits(p, reference);
        }
        List<ToDoubleFunction<int[]>> metrics = group.stream().map(ResampledHeadline::metric).toList();
        return indices -> {
            double sum = 0;
            for (ToDoubleFunction<int[]> m : metrics) {
                sum += m.applyAsDouble(indices);
            }
            return sum / metrics.size();
        };
    }

    private static void sameUnits(TestPredictions p, TestPredictions reference) {
        if (!p.metric().equals(reference.metric()) || p.units() != reference.units()) {
            throw new IllegalArgumentException("predictions of " + p.units() + " " + p.metric() + " units and of "
                    + reference.units() + " " + reference.metric() + " units are not of one test set");
        }
        if (p.truth() != null && !Arrays.equals(p.truth(), reference.truth())) {
            throw new IllegalArgumentException("the two results were scored against different test targets");
        }
        if (p.scored() != null && !Arrays.equals(p.scored(), reference.scored())) {
            throw new IllegalArgumentException("the two results scored different residues of the test proteins");
        }
    }

    private static ToDoubleFunction<int[]> metric(TestPredictions p) {
        if (TestPredictions.SPEARMAN.equals(p.metric())) {
            double[] truth = p.truth();
            double[] predicted = p.predicted();
            SpearmansCorrelation spearman = new SpearmansCorrelation();
            return indices -> {
                double[] t = new double[indices.length];
                double[] y = new double[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    t[i] = truth[indices[i]];
                    y[i] = predicted[indices[i]];
                }
                return spearman.correlation(t, y);
            };
        }
        int[] correct = p.correct();
        int[] scored = p.scored();
        return indices -> {
            long right = 0;
            long total = 0;
            for (int u : indices) {
                right += correct[u];
                total += scored[u];
            }
            return total == 0 ? Double.NaN : (double) right / total;
        };
    }
}
