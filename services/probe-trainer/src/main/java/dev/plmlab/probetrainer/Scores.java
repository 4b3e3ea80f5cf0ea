package dev.plmlab.probetrainer;

import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.science.metrics.Bootstrap;
import dev.plmlab.science.metrics.ClassProbabilities;
import dev.plmlab.science.metrics.ConfidenceInterval;
import dev.plmlab.science.metrics.MeanSquaredError;
import dev.plmlab.science.metrics.Ndcg;
import dev.plmlab.science.metrics.Pearson;
import dev.plmlab.science.metrics.PooledUnits;
import dev.plmlab.science.metrics.Spearman;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

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
        return classMetrics(truth, probabilities, bootstrap::overUnits, truth.length, indices -> indices);
    }

    /**
     * Accuracy, macro-F1 and cross-entropy over every scored residue. Their intervals resample proteins, whose
     * residues are not independent: a resample takes every scored residue of each protein it picks.
     */
    static List<MetricValue> perResidue(ScoredResidues test, float[][] probabilities, int classes, Bootstrap bootstrap) {
        int[][] byProtein = test.byProtein();
        List<MetricValue> metrics = new ArrayList<>();
        int[][] counts = PooledUnits.correctAndScored(test.labels(), ClassProbabilities.predictedClasses(probabilities),
                test.protein(), test.proteins());
        metrics.add(metric("accuracy", ClassProbabilities.accuracy(test.labels(), probabilities),
                bootstrap.overUnits(test.proteins(), PooledUnits.accuracy(counts[0], counts[1]))));
        for (MetricValue m : classMetrics(test.labels(), probabilities, bootstrap::overUnits, test.proteins(),
                proteins -> test.residuesOf(proteins, byProtein))) {
            if (m.metric().equals("macro_f1") || m.metric().equals("cross_entropy")) {
                metrics.add(m);
            }
        }
        return metrics;
    }

    private interface Resampler {
        ConfidenceInterval interval(int units, ToDoubleFunction<int[]> statistic);
    }

    /** Classification metrics; a resample of {@code units} becomes the rows {@code rowsOf} gives. */
    private static List<MetricValue> classMetrics(int[] truth, float[][] probabilities, Resampler resampler, int units,
                                                  java.util.function.UnaryOperator<int[]> rowsOf) {
        List<MetricValue> metrics = new ArrayList<>();
        metrics.add(classMetric("accuracy", ClassProbabilities::accuracy, truth, probabilities, resampler, units, rowsOf));
        metrics.add(classMetric("macro_f1", ClassProbabilities::macroF1, truth, probabilities, resampler, units, rowsOf));
        metrics.add(classMetric("roc_auc", ClassProbabilities::rocAucOneVsRest, truth, probabilities, resampler, units, rowsOf));
        metrics.add(classMetric("cross_entropy", ClassProbabilities::crossEntropy, truth, probabilities, resampler, units,
                rowsOf));
        return metrics;
    }

    private static MetricValue classMetric(String name, ToDoubleBiFunction<int[], float[][]> metric, int[] truth,
                                           float[][] probabilities, Resampler resampler, int units,
                                           java.util.function.UnaryOperator<int[]> rowsOf) {
        ConfidenceInterval ci = resampler.interval(units, picked -> {
            int[] rows = rowsOf.apply(picked);
            if (rows.length == 0) {
                return Double.NaN;
            }
            int[] t = new int[rows.length];
            float[][] p = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                t[i] = truth[rows[i]];
                p[i] = probabilities[rows[i]];
            }
            try {
                return metric.applyAsDouble(t, p);
            } catch (IllegalArgumentException e) {
                return Double.NaN; // a resample without some class has no ROC-AUC for it: it does not count
            }
        });
        return metric(name, metric.applyAsDouble(truth, probabilities), ci);
    }

    private static MetricValue metric(String name, double value, ConfidenceInterval ci) {
        return new MetricValue(name, value, ci.low(), ci.high());
    }
}
