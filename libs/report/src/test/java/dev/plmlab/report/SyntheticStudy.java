package dev.plmlab.report;

import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.results.TestPredictions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Outcomes and stored predictions of a small made-up study on one regression task: predictions are the truth
 * plus noise, so a smaller noise means a better model, and each outcome's Spearman is computed from its own
 * predictions, as the probe-trainer does.
 */
final class SyntheticStudy {

    final List<ProbeOutcome> outcomes = new ArrayList<>();
    final Map<String, TestPredictions> predictions = new HashMap<>();
    private final double[] truth;
    private final String task;
    private final String split;
    private int jobs;

    SyntheticStudy(String task, String split, int units, long seed) {
        this.task = task;
        this.split = split;
        Random random = new Random(seed);
        truth = new double[units];
        for (int i = 0; i < units; i++) {
            truth[i] = random.nextGaussian();
        }
    }

    /** One result whose test predictions have the given noise, and whose validation score is given. */
    ProbeOutcome add(String model, String family, String size, String variant, int modelSeed, double pretraining, int layer,
                     String probe, int probeSeed, double noise, double validation) {
        Random random = new Random(31L * (jobs + 1) + modelSeed);
        double[] predicted = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            predicted[i] = truth[i] + noise * random.nextGaussian();
        }
        String key = "results/job-" + jobs++ + ".predictions.json";
        predictions.put(key, TestPredictions.regression(truth, predicted));
        double rho = new SpearmansCorrelation().correlation(truth, predicted);
        ProbeOutcome o = new ProbeOutcome(task, split, model, family, size, variant, modelSeed, pretraining, layer, probe,
                probeSeed, List.of(new MetricValue("spearman", rho, rho - 0.03, rho + 0.03)),
                List.of(new MetricValue("spearman", validation, Double.NaN, Double.NaN)), 100, 20, truth.length, key,
                Map.of("alpha", 1.0, "alpha_rule", "best validation spearman"));
        outcomes.add(o);
        return o;
    }

    PredictionsSource source() {
        return key -> Optional.ofNullable(predictions.get(key));
    }
}
