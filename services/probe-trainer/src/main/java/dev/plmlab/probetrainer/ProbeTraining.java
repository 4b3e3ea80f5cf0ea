package dev.plmlab.probetrainer;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.science.metrics.Bootstrap;
import dev.plmlab.science.metrics.ConfidenceInterval;
import dev.plmlab.science.metrics.MeanSquaredError;
import dev.plmlab.science.metrics.Ndcg;
import dev.plmlab.science.metrics.Spearman;
import dev.plmlab.science.probe.AlphaScore;
import dev.plmlab.science.probe.FeatureMatrix;
import dev.plmlab.science.probe.RidgeFit;
import dev.plmlab.science.probe.RidgeProbe;
import dev.plmlab.store.NpyArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fits the requested probe on one layer's features and scores it on the test part. */
public final class ProbeTraining {

    /** Resamples of the test set behind every confidence interval. */
    static final int BOOTSTRAP_RESAMPLES = 1000;

    private ProbeTraining() {
    }

    /** Refuses what cannot be trained before any features are read. */
    public static void requireSupported(ProbeRequest request, PreparedDataset dataset) {
        if (!request.probe().type().equals("ridge")) {
            throw new UnsupportedOperationException("probe '" + request.probe().type() + "' is not available yet; use ridge");
        }
        if (dataset.type() != TaskType.REGRESSION) {
            throw new UnsupportedOperationException("ridge fits regression tasks; " + request.task().name()
                    + " is a " + dataset.type().specName() + " task");
        }
    }

    /** @param features the probe's layer, one array per part ({@code train}, {@code val}, {@code test}) */
    public static ProbeOutcome train(ProbeRequest request, PreparedDataset dataset, Map<String, NpyArray> features) {
        requireSupported(request, dataset);
        FeatureMatrix train = matrix(features, "train", request.layer(), dataset.train().size());
        FeatureMatrix val = matrix(features, "val", request.layer(), dataset.val().size());
        FeatureMatrix test = matrix(features, "test", request.layer(), dataset.test().size());
        double[] alphas = request.probe().alphas().stream().mapToDouble(Double::doubleValue).toArray();
        RidgeFit fit = new RidgeProbe(alphas).fit(train, targets(dataset.train()), val, targets(dataset.val()));

        double[] truth = targets(dataset.test());
        double[] predicted = fit.model().predict(test);
        Bootstrap bootstrap = new Bootstrap(BOOTSTRAP_RESAMPLES, 0.95, request.seed());
        List<MetricValue> metrics = List.of(
                metric("spearman", Spearman.rho(truth, predicted), bootstrap.interval(truth, predicted, Spearman::rho)),
                metric("ndcg", Ndcg.score(truth, predicted), bootstrap.interval(truth, predicted, Ndcg::score)),
                metric("mse", MeanSquaredError.of(truth, predicted), bootstrap.interval(truth, predicted, MeanSquaredError::of)));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("alpha", fit.chosenAlpha());
        Map<String, Double> validation = new LinkedHashMap<>();
        for (AlphaScore score : fit.validationScores()) {
            validation.put(Double.toString(score.alpha()), score.validationSpearman());
        }
        params.put("val_spearman", validation);
        var m = request.model();
        return new ProbeOutcome(dataset.task(), dataset.split(), m.label(), m.variant().specName(), m.seed(),
                request.layer(), request.probe().type(), request.seed(), metrics, dataset.train().size(),
                dataset.val().size(), dataset.test().size(), params);
    }

    private static MetricValue metric(String name, double value, ConfidenceInterval ci) {
        return new MetricValue(name, value, ci.low(), ci.high());
    }

    private static FeatureMatrix matrix(Map<String, NpyArray> features, String part, int layer, int sequences) {
        NpyArray array = features.get(part);
        if (array == null) {
            throw new IllegalStateException("features of layer " + layer + " hold no part '" + part + "' (they hold "
                    + features.keySet() + ")");
        }
        int[] shape = array.shape();
        if (shape.length != 2) {
            throw new IllegalStateException("layer " + layer + " of part '" + part + "' should be [n, D], is "
                    + java.util.Arrays.toString(shape));
        }
        if (shape[0] != sequences) {
            throw new IllegalStateException("layer " + layer + " of part '" + part + "' has " + shape[0] + " rows for "
                    + sequences + " sequences: per-residue features (pooling: none) need a per-residue probe");
        }
        return new FeatureMatrix(array.floats(), shape[0], shape[1]);
    }

    private static double[] targets(List<Example> part) {
        return part.stream().mapToDouble(Example::target).toArray();
    }
}
