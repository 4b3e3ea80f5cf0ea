package dev.plmlab.probetrainer;

import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.results.TestPredictions;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.science.metrics.Bootstrap;
import dev.plmlab.science.metrics.ClassProbabilities;
import dev.plmlab.science.metrics.PooledUnits;
import dev.plmlab.science.metrics.Spearman;
import dev.plmlab.science.neural.ClassifierFit;
import dev.plmlab.science.neural.CnnBaseline;
import dev.plmlab.science.neural.CnnFit;
import dev.plmlab.science.neural.CnnSettings;
import dev.plmlab.science.neural.NeuralHeads;
import dev.plmlab.science.neural.RegressorFit;
import dev.plmlab.science.neural.TrainingSettings;
import dev.plmlab.science.probe.AlphaScore;
import dev.plmlab.science.probe.FeatureMatrix;
import dev.plmlab.science.probe.FeatureRows;
import dev.plmlab.science.probe.RidgeFit;
import dev.plmlab.science.probe.RidgeProbe;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the requested probe on one layer's features and scores it on the test part: ridge, linear and mlp
 * heads on pooled features (regression and classification), linear and mlp heads on the scored residues
 * of per-residue features, and the CNN baselines on the residues themselves.
 */
public final class ProbeTraining {

    /** Resamples of the test set behind every confidence interval. */
    static final int BOOTSTRAP_RESAMPLES = 1000;

    private ProbeTraining() {
    }

    /** Refuses what cannot be trained before any features are read (the validator refuses it earlier). */
    public static void requireSupported(ProbeRequest request, PreparedDataset dataset) {
        var probe = request.probe();
        if (!probe.fits(dataset.type())) {
            throw new UnsupportedOperationException(probe.type() + " fits " + probe.fitsDescription() + "; "
                    + request.task().name() + " is a " + dataset.type().specName() + " task");
        }
        if (probe.needsOneHot() && request.model().family() != ModelFamily.ONE_HOT) {
            throw new UnsupportedOperationException(probe.type() + " needs one-hot input; the model is "
                    + request.model().family().specName());
        }
        if (dataset.type() != TaskType.REGRESSION && dataset.classes().size() < 2) {
            throw new IllegalStateException(request.task().name() + " has " + dataset.classes().size()
                    + " class(es); a classifier needs at least 2");
        }
    }

    /** The outcome, and the per-unit test results it came from (stored first, at its {@code predictionsKey}). */
    public record Trained(ProbeOutcome outcome, TestPredictions predictions) {
    }

    /** Test metrics, the headline metric on validation, and the per-unit test results. */
    private record Scored(List<MetricValue> test, MetricValue validation, TestPredictions predictions) {
    }

    /**
     * @param threads PyTorch threads for trained heads (0: PyTorch's default)
     */
    public static Trained train(ProbeRequest request, PreparedDataset dataset, LayerFeatures features, int threads)
            throws IOException {
        requireSupported(request, dataset);
        Bootstrap bootstrap = new Bootstrap(BOOTSTRAP_RESAMPLES, 0.95, request.seed());
        Map<String, Object> params = new LinkedHashMap<>();
        Scored scored;
        String probe = request.probe().type();
        if (request.probe().needsOneHot()) {
            CnnSettings settings = CnnSettings.fromParams(request.probe().params());
            probe = probe + "-" + settings.architecture();
            scored = cnn(request, dataset, threads, bootstrap, params);
        } else {
            StoredFeatures manifest = features.manifest(request.featuresId());
            boolean perResidue = dataset.type() == TaskType.PER_RESIDUE_CLASSIFICATION;
            Pooling expected = perResidue ? Pooling.NONE : Pooling.MEAN;
            if (manifest.pooling() != expected) {
                throw new IllegalStateException("features " + manifest.featuresId() + " are pooled " + manifest.pooling()
                        .specName() + "; a " + dataset.type().specName() + " task needs pooling: " + expected.specName());
            }
            if (manifest.cutSequences() != null && manifest.cutSequences().values().stream().anyMatch(n -> n > 0)) {
                params.put("cut_sequences", manifest.cutSequences());
                params.put("long_sequences", manifest.longSequences().specName() + " at " + manifest.residueLimit() + " residues");
            }
            if (manifest.residuesAsX() != null && manifest.residuesAsX().values().stream().anyMatch(n -> n > 0)) {
                params.put("residues_as_x", manifest.residuesAsX());
            }
            try (LayerFeatures.Layer layer = features.read(manifest, request.layer())) {
                scored = perResidue ? perResidue(request, dataset, layer, threads, bootstrap, params)
                        : sequenceLevel(request, dataset, layer, threads, bootstrap, params);
            }
        }
        var m = request.model();
        ProbeOutcome outcome = new ProbeOutcome(dataset.task(), dataset.split(), m.name(), m.family().specName(), m.size(),
                m.variant().specName(), m.seed(), m.pretraining(), request.layer(), probe, request.seed(), scored.test(),
                List.of(scored.validation()), dataset.train().size(), dataset.val().size(), dataset.test().size(),
                ObjectKeys.testPredictions(request.jobId()), params);
        return new Trained(outcome, scored.predictions());
    }

    private static Scored sequenceLevel(ProbeRequest request, PreparedDataset dataset, LayerFeatures.Layer layer,
                                                   int threads, Bootstrap bootstrap, Map<String, Object> params) {
        FeatureRows train = checked(layer, "train", request.layer(), dataset.train().size());
        FeatureRows val = checked(layer, "val", request.layer(), dataset.val().size());
        FeatureRows test = checked(layer, "test", request.layer(), dataset.test().size());
        String type = request.probe().type();
        if (type.equals("ridge")) {
            return ridge(request, dataset, layer, bootstrap, params);
        }
        TrainingSettings settings = withThreads(TrainingSettings.fromParams(type, request.probe().params()), threads);
        params.put("settings", settings);
        if (dataset.type() == TaskType.REGRESSION) {
            RegressorFit fit = NeuralHeads.fitRegressor(settings, train, targets(dataset.train()), val,
                    targets(dataset.val()), request.seed());
            epochs(params, fit.epochsRun(), fit.bestEpoch(), fit.bestValidationLoss());
            return regression(dataset, fit.predict(val), fit.predict(test), bootstrap);
        }
        int classes = dataset.classes().size();
        ClassifierFit fit = NeuralHeads.fitClassifier(settings, train, classIndices(dataset.train(), classes), val,
                classIndices(dataset.val(), classes), classes, request.seed());
        epochs(params, fit.epochsRun(), fit.bestEpoch(), fit.bestValidationLoss());
        int[] truth = classIndices(dataset.test(), classes);
        float[][] probabilities = fit.probabilities(test);
        double validation = ClassProbabilities.accuracy(classIndices(dataset.val(), classes), fit.probabilities(val));
        return new Scored(Scores.classification(truth, probabilities, classes, bootstrap), onValidation("accuracy", validation),
                TestPredictions.classification(truth, ClassProbabilities.predictedClasses(probabilities)));
    }

    /** Test metrics of a regression probe, its validation Spearman and its test predictions. */
    private static Scored regression(PreparedDataset dataset, double[] onVal, double[] onTest, Bootstrap bootstrap) {
        double[] truth = targets(dataset.test());
        return new Scored(Scores.regression(truth, onTest, bootstrap),
                onValidation("spearman", Spearman.rho(targets(dataset.val()), onVal)), TestPredictions.regression(truth, onTest));
    }

    private static MetricValue onValidation(String metric, double value) {
        return new MetricValue(metric, value, Double.NaN, Double.NaN);
    }

    private static Scored ridge(ProbeRequest request, PreparedDataset dataset, LayerFeatures.Layer layer,
                                           Bootstrap bootstrap, Map<String, Object> params) {
        FeatureMatrix train = matrix(layer.part("train"));
        FeatureMatrix val = matrix(layer.part("val"));
        FeatureMatrix test = matrix(layer.part("test"));
        double[] alphas = request.probe().alphas().stream().mapToDouble(Double::doubleValue).toArray();
        RidgeFit fit = new RidgeProbe(alphas).fit(train, targets(dataset.train()), val, targets(dataset.val()));
        params.put("alpha", fit.chosenAlpha());
        params.put("alpha_rule", fit.alphaRule());
        Map<String, Double> validation = new LinkedHashMap<>();
        for (AlphaScore score : fit.validationScores()) {
            validation.put(Double.toString(score.alpha()), score.validationSpearman());
        }
        params.put("val_spearman", validation);
        return regression(dataset, fit.model().predict(val), fit.model().predict(test), bootstrap);
    }

    private static Scored perResidue(ProbeRequest request, PreparedDataset dataset, LayerFeatures.Layer layer,
                                                int threads, Bootstrap bootstrap, Map<String, Object> params) {
        List<String> classes = dataset.classes();
        Map<String, ScoredResidues> scored = new LinkedHashMap<>();
        Map<String, FeatureRows> rows = new LinkedHashMap<>();
        for (String part : PreparedDataset.PARTS) {
            long[] offsets = layer.offsets.get(part);
            ScoredResidues residues = ScoredResidues.of(part, dataset.part(part), offsets, layer.manifest, classes);
            MappedLayer values = layer.part(part);
            if (offsets[offsets.length - 1] != values.rows()) {
                throw new IllegalStateException("part " + part + ": offsets end at " + offsets[offsets.length - 1]
                        + " but the layer object holds " + values.rows() + " rows");
            }
            if (residues.size() == 0) {
                throw new IllegalStateException("part " + part + " of " + request.task().name() + " has no scored residue");
            }
            scored.put(part, residues);
            rows.put(part, FeatureRows.select(values, residues.rows()));
        }
        params.put("scored_residues", Map.of("train", scored.get("train").size(), "val", scored.get("val").size(),
                "test", scored.get("test").size()));
        TrainingSettings settings = withThreads(TrainingSettings.fromParams(request.probe().type(), request.probe().params()),
                threads);
        params.put("settings", settings);
        ClassifierFit fit = NeuralHeads.fitClassifier(settings, rows.get("train"), scored.get("train").labels(),
                rows.get("val"), scored.get("val").labels(), classes.size(), request.seed());
        epochs(params, fit.epochsRun(), fit.bestEpoch(), fit.bestValidationLoss());
        ScoredResidues test = scored.get("test");
        float[][] probabilities = fit.probabilities(rows.get("test"));
        int[][] counts = PooledUnits.correctAndScored(test.labels(), ClassProbabilities.predictedClasses(probabilities),
                test.protein(), test.proteins());
        double validation = ClassProbabilities.accuracy(scored.get("val").labels(), fit.probabilities(rows.get("val")));
        return new Scored(Scores.perResidue(test, probabilities, classes.size(), bootstrap), onValidation("accuracy", validation),
                TestPredictions.pooled(counts[0], counts[1]));
    }

    private static Scored cnn(ProbeRequest request, PreparedDataset dataset, int threads, Bootstrap bootstrap,
                                         Map<String, Object> params) {
        CnnSettings settings = CnnSettings.fromParams(request.probe().params());
        settings = new CnnSettings(settings.architecture(), settings.epochs(), settings.batchSize(), settings.patience(),
                settings.filters(), threads);
        params.put("settings", settings);
        CnnFit fit = CnnBaseline.fitRegressor(settings, sequences(dataset.train()), targets(dataset.train()),
                sequences(dataset.val()), targets(dataset.val()), request.seed());
        params.put("epochs_run", fit.epochsRun());
        params.put("best_epoch", fit.bestEpoch());
        return regression(dataset, fit.predict(sequences(dataset.val())), fit.predict(sequences(dataset.test())), bootstrap);
    }

    private static TrainingSettings withThreads(TrainingSettings s, int threads) {
        return new TrainingSettings(s.hidden(), s.dropout(), s.lr(), s.maxEpochs(), s.patience(), s.minEpochs(),
                s.batchSize(), s.keepBest(), s.weightDecay(), threads);
    }

    private static void epochs(Map<String, Object> params, int run, int best, double bestLoss) {
        params.put("epochs_run", run);
        params.put("best_epoch", best);
        params.put("best_val_loss", bestLoss);
    }

    private static FeatureRows checked(LayerFeatures.Layer layer, String part, int index, int sequences) {
        MappedLayer rows = layer.part(part);
        if (rows.rows() != sequences) {
            throw new IllegalStateException("layer " + index + " of part '" + part + "' has " + rows.rows() + " rows for "
                    + sequences + " sequences");
        }
        return rows;
    }

    private static FeatureMatrix matrix(MappedLayer rows) {
        return new FeatureMatrix(rows.toArray(), rows.rows(), rows.width());
    }

    private static double[] targets(List<Example> part) {
        return part.stream().mapToDouble(Example::target).toArray();
    }

    private static List<String> sequences(List<Example> part) {
        return part.stream().map(Example::sequence).toList();
    }

    private static int[] classIndices(List<Example> part, int classes) {
        int[] out = new int[part.size()];
        for (int i = 0; i < out.length; i++) {
            Double t = part.get(i).target();
            if (t == null || t != Math.rint(t) || t < 0 || t >= classes) {
                throw new IllegalStateException("example " + (i + 1) + " has class " + t + "; classes are 0-" + (classes - 1));
            }
            out[i] = t.intValue();
        }
        return out;
    }
}
