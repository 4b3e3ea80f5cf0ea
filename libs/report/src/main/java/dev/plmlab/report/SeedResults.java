package dev.plmlab.report;

import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.report.stats.SeedSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one condition over its seeds. Model seeds (which ablated weights) and probe seeds
 * (which head initialisation and batch order) are different sources of spread, so each has its own
 * standard deviation: over model seeds of the per-model-seed means, and over probe seeds of the
 * per-probe-seed means.
 *
 * @param test            the headline test metric over every (model seed, probe seed) result
 * @param overModelSeeds  one value per model seed (its mean over probe seeds)
 * @param overProbeSeeds  one value per probe seed (its mean over model seeds)
 * @param validation      the headline metric on validation over every result (NaN where not reported)
 */
record SeedResults(Condition condition, List<ProbeOutcome> outcomes, SeedSummary test, SeedSummary overModelSeeds,
                   SeedSummary overProbeSeeds, SeedSummary validation) {

    static SeedResults of(Condition condition, List<ProbeOutcome> outcomes, String metric) {
        double[] test = outcomes.stream().mapToDouble(o -> Headline.testValue(o, metric)).toArray();
        double[] val = outcomes.stream().mapToDouble(o -> Headline.validationValue(o, metric)).toArray();
        Map<Integer, List<Double>> byModelSeed = new TreeMap<>();
        Map<Integer, List<Double>> byProbeSeed = new TreeMap<>();
        for (ProbeOutcome o : outcomes) {
            byModelSeed.computeIfAbsent(o.modelSeed(), k -> new ArrayList<>()).add(Headline.testValue(o, metric));
            byProbeSeed.computeIfAbsent(o.seed(), k -> new ArrayList<>()).add(Headline.testValue(o, metric));
        }
        return new SeedResults(condition, outcomes, summary(test), summary(means(byModelSeed)), summary(means(byProbeSeed)),
                summary(val));
    }

    /** Per-model-seed means over probe seeds: the sample the reference's t-test takes. */
    double[] modelSeedMeans(String metric) {
        Map<Integer, List<Double>> byModelSeed = new TreeMap<>();
        for (ProbeOutcome o : outcomes) {
            byModelSeed.computeIfAbsent(o.modelSeed(), k -> new ArrayList<>()).add(Headline.testValue(o, metric));
        }
        return means(byModelSeed);
    }

    int modelSeeds() {
        return overModelSeeds.n();
    }

    int probeSeeds() {
        return overProbeSeeds.n();
    }

    private static double[] means(Map<Integer, List<Double>> groups) {
        return groups.values().stream().mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))
                .toArray();
    }

    /** A summary of the finite values; an all-NaN set summarises to n = 0. */
    private static SeedSummary summary(double[] values) {
        double[] finite = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
        return finite.length == 0 ? new SeedSummary(0, Double.NaN, Double.NaN) : SeedSummary.of(finite);
    }
}
