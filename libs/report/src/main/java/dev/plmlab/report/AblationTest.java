package dev.plmlab.report;

import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.results.TestPredictions;
import dev.plmlab.report.stats.Holm;
import dev.plmlab.report.stats.OneSampleTTest;
import dev.plmlab.report.stats.PairedBootstrap;
import dev.plmlab.report.stats.PairedBootstrapResult;
import dev.plmlab.report.stats.TTestResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Is the pretrained model better than an ablation of it (random-init, stat-transfer) at a layer? Two tests,
 * each corrected across the layers of one model × probe × ablation with Holm's method:
 * <ul>
 *   <li>the reference's: a one-sided one-sample t-test of the ablation's per-seed scores against the
 *       pretrained score, {@code ttest_1samp(ablation, popmean=pretrained, alternative="less")}. It treats the
 *       pretrained score as exact and sees only the spread over seeds, so with three seeds it has two degrees
 *       of freedom and ignores that both scores come from one finite test set;</li>
 *   <li>plmlab's: a paired bootstrap over test units (examples; proteins for per-residue tasks). Each resample
 *       scores both models on the same units, so the test set's sampling error, shared by the two, cancels in
 *       the difference; the ablation is the mean over its seeds. H1: pretrained minus ablation is above 0;
 *       p = (1 + #{resampled difference ≤ 0}) / (resamples + 1). A Welch test would need several pretrained
 *       results, and the pretrained network exists once.</li>
 * </ul>
 *
 * @param pretrained the pretrained results at the layer
 * @param ablation   the ablation's results at the same layer
 * @param bootstrap  empty when the predictions needed were not stored
 */
record AblationTest(Condition condition, SeedResults pretrained, SeedResults ablation, TTestResult tTest, double tHolm,
                    Optional<PairedBootstrapResult> bootstrap, double bootstrapHolm, String skipped) {

    static final int RESAMPLES = 1000;
    static final long SEED = 42;
    static final double LEVEL = 0.95;

    /** Every pretrained-vs-ablation pair of the task, every layer, with Holm-adjusted p-values. */
    static List<AblationTest> of(TaskResults task, PredictionsSource predictions) {
        Map<Condition, List<Pair>> families = new LinkedHashMap<>();
        for (Condition curve : task.curves()) {
            if (!Variants.isAblation(curve.variant()) || curve.isOneHot()) {
                continue;
            }
            Map<Integer, SeedResults> pretrained = task.layers(curve.withVariant(Variants.PRETRAINED));
            task.layers(curve).forEach((layer, ablation) -> {
                SeedResults p = pretrained.get(layer);
                if (p != null) {
                    families.computeIfAbsent(curve, k -> new ArrayList<>()).add(new Pair(p, ablation));
                }
            });
        }
        List<AblationTest> out = new ArrayList<>();
        for (List<Pair> family : families.values()) {
            List<TTestResult> tTests = new ArrayList<>();
            for (Pair pair : family) {
                tTests.add(OneSampleTTest.less(pair.ablation.modelSeedMeans(task.metric()), pair.pretrained.test().mean()));
            }
            // each layer's bootstrap is independent and costs a thousand rankings per result: one core each
            String[] skipped = new String[family.size()];
            List<Optional<PairedBootstrapResult>> boots = java.util.stream.IntStream.range(0, family.size()).parallel()
                    .mapToObj(i -> {
                        String[] why = new String[1];
                        Optional<PairedBootstrapResult> r = pairedBootstrap(family.get(i).pretrained, family.get(i).ablation,
                                predictions, why);
                        skipped[i] = why[0];
                        return r;
                    }).toList();
            double[] tHolm = Holm.adjust(tTests.stream().mapToDouble(TTestResult::p).toArray());
            double[] bHolm = Holm.adjust(boots.stream().mapToDouble(b -> b.map(PairedBootstrapResult::p).orElse(Double.NaN)).toArray());
            for (int i = 0; i < family.size(); i++) {
                Pair pair = family.get(i);
                out.add(new AblationTest(pair.ablation.condition(), pair.pretrained, pair.ablation, tTests.get(i), tHolm[i],
                        boots.get(i), bHolm[i], skipped[i]));
            }
        }
        return out;
    }

    /** Pretrained minus the other group on the same resamples of the test units; empty (with why) when impossible. */
    static Optional<PairedBootstrapResult> pairedBootstrap(SeedResults first, SeedResults second, PredictionsSource source,
                                                           String[] why) {
        List<TestPredictions> a = load(first.outcomes(), source);
        List<TestPredictions> b = load(second.outcomes(), source);
        if (a == null || b == null) {
            why[0] = "test predictions not stored (results from an earlier version)";
            return Optional.empty();
        }
        try {
            ToDoubleFunction<int[]> difference = ResampledHeadline.difference(a, b);
            return Optional.of(PairedBootstrap.greaterThanZero(a.get(0).units(), difference, RESAMPLES, LEVEL, SEED));
        } catch (IllegalArgumentException e) {
            why[0] = e.getMessage();
            return Optional.empty();
        }
    }

    private static List<TestPredictions> load(List<ProbeOutcome> outcomes, PredictionsSource source) {
        List<TestPredictions> out = new ArrayList<>();
        for (ProbeOutcome o : outcomes) {
            if (o.predictionsKey() == null) {
                return null;
            }
            Optional<TestPredictions> p = source.load(o.predictionsKey());
            if (p.isEmpty()) {
                return null;
            }
            out.add(p.get());
        }
        return out;
    }

    private record Pair(SeedResults pretrained, SeedResults ablation) {
    }

    /** Significant by the given adjusted p at α = 0.05. */
    static boolean significant(double adjustedP) {
        return adjustedP < 0.05;
    }
}
