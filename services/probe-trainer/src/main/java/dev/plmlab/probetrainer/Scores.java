package dev.plmlab.probetrainer;

import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.science.metrics.Accuracy;
import dev.plmlab.science.metrics.Bootstrap;
import dev.plmlab.science.metrics.ConfidenceInterval;
import dev.plmlab.science.metrics.MeanSquaredError;
import dev.plmlab.science.metrics.Ndcg;
import dev.plmlab.science.metrics.Pearson;
import dev.plmlab.science.metrics.Spearman;
import java.util.ArrayList;
import java.util.List;

/** The test metrics of each kind of task, each with its bootstrap interval. */
final class Scores {

    private Scores() {
    }

    static List<MetricValue> regression(double[] truth, double[] predicted, Bootstrap bootstrap) {
        return List.of(
                metric("spearman", Spearman.rho(truth, predicted), bootstrap.interval(truth, predicted, Spearman::rho)),
                metric("pearson", Pearson.r(truth, predicted), bootstrap.interval(truth, predicted, Pearson::r)),
                metric("ndcg", Ndcg.score(truth, predicted), bootstrap.interval(truth, predicted, Ndcg::score)),
                metric("mse", MeanSquaredError.of(truth, predicted), bootstrap.interval(truth, predicted, MeanSquaredError::of)));
    }

    static List<MetricValue> classification(int[] truth, float[][] probabilities, int classes, Bootstrap bootstrap) {
        int[] predicted = argmax(probabilities);
        List<MetricValue> metrics = new ArrayList<>();
        metrics.add(metric("accuracy", Accuracy.of(truth, predicted), bootstrap.interval(truth, predicted, Accuracy::of)));
        return metrics;
    }

    /** Accuracy over every scored residue; its interval resamples proteins, whose residues are not independent. */
    static List<MetricValue> perResidue(ScoredResidues test, float[][] probabilities, int classes, Bootstrap bootstrap) {
        int[] truth = test.labels();
        int[] predicted = argmax(probabilities);
        int[][] byProtein = test.byProtein();
        ConfidenceInterval ci = bootstrap.interval(test.proteins(), proteins -> {
            int[] residues = test.residuesOf(proteins, byProtein);
            if (residues.length == 0) {
                return Double.NaN;
            }
            int correct = 0;
            for (int r : residues) {
                if (truth[r] == predicted[r]) {
                    correct++;
                }
            }
            return (double) correct / residues.length;
        });
        return List.of(metric("accuracy", Accuracy.of(truth, predicted), ci));
    }

    static int[] argmax(float[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static MetricValue metric(String name, double value, ConfidenceInterval ci) {
        return new MetricValue(name, value, ci.low(), ci.high());
    }
}
