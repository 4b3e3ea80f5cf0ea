package dev.plmlab.report;

import dev.plmlab.report.stats.PairedBootstrapResult;
import java.util.List;
import java.util.Locale;

/**
 * statistics.csv: every significance test of the report with its exact numbers, for tools and for
 * cross-checks (libs/report/bench). One row per task × model × probe × checkpoint × comparison × layer;
 * a comparison is an ablation variant, or {@code one-hot} for a best layer against the one-hot baseline.
 */
final class StatisticsCsv {

    static final List<String> COLUMNS = List.of("task", "split", "model", "probe", "pretraining", "comparison", "layer",
            "pretrained_mean", "other_mean", "other_std", "other_seeds", "t", "df", "t_p", "t_p_holm", "paired_delta",
            "paired_ci_low", "paired_ci_high", "paired_p", "paired_p_holm", "resamples", "bootstrap_seed");

    private StatisticsCsv() {
    }

    static String write(List<TaskAnalysis> analyses) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (TaskAnalysis a : analyses) {
            for (AblationTest t : a.tests()) {
                Condition c = t.condition();
                PairedBootstrapResult b = t.bootstrap().orElse(null);
                row(out, c, c.variant(), c.layer(), t.pretrained().test().mean(), t.ablation().test().mean(),
                        t.ablation().overModelSeeds().std(), t.ablation().modelSeeds(), t.tTest().t(), t.tTest().df(),
                        t.tTest().p(), t.tHolm(), b, t.bootstrapHolm());
            }
            a.versusOneHot().forEach((curve, b) -> {
                BestLayer best = BestLayer.find(a.best(), curve);
                SeedResults oneHot = a.task().oneHot(curve.probe());
                row(out, curve, "one-hot", best.chosen().condition().layer(), best.chosen().test().mean(), oneHot.test().mean(),
                        oneHot.test().std(), oneHot.modelSeeds(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, b, Double.NaN);
            });
        }
        return out.toString();
    }

    private static void row(StringBuilder out, Condition c, String comparison, int layer, double pretrained, double other,
                            double otherStd, int otherSeeds, double t, double df, double p, double pHolm,
                            PairedBootstrapResult b, double bHolm) {
        out.append(String.join(",", field(c.task()), field(c.split()), field(c.model()), field(c.probe()),
                number(c.pretraining()), field(comparison), Integer.toString(layer), number(pretrained), number(other),
                number(otherStd), Integer.toString(otherSeeds), number(t), number(df), number(p), number(pHolm),
                b == null ? "" : number(b.observed()), b == null ? "" : number(b.ciLow()), b == null ? "" : number(b.ciHigh()),
                b == null ? "" : number(b.p()), number(bHolm), b == null ? "" : Integer.toString(b.resamples()),
                Long.toString(AblationTest.SEED))).append('\n');
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%s", v);
    }

    private static String field(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
