package dev.plmlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.report.document.Heatmap;
import dev.plmlab.report.document.LinePlot;
import dev.plmlab.report.document.ReportDocument;
import dev.plmlab.report.document.Section;
import dev.plmlab.report.document.Table;
import dev.plmlab.report.stats.Holm;
import dev.plmlab.report.stats.OneSampleTTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

    private static final int[] SEEDS = {42, 0, 12345};

    /** ESM-2 t6_8M, layers 0-6, pretrained (best at layer 4) against two ablations with three seeds, and one-hot. */
    private static SyntheticStudy layersStudy() {
        SyntheticStudy s = new SyntheticStudy("gb1", "low_vs_high", 300, 7);
        s.add("one-hot", "one-hot", null, "pretrained", 0, 1.0, 0, "ridge", 42, 1.2, 0.40);
        for (int layer = 0; layer <= 6; layer++) {
            double noise = 0.4 + 0.1 * Math.abs(layer - 4);
            // validation prefers layer 4; test alone would prefer layer 3 here (noise 0.5 vs 0.4 drawn differently)
            s.add("esm2-t6_8M", "esm2", "t6_8M", "pretrained", 0, 1.0, layer, "ridge", 42, noise, 0.9 - 0.05 * Math.abs(layer - 4));
            for (int seed : SEEDS) {
                s.add("esm2-t6_8M", "esm2", "t6_8M", "random-init", seed, 1.0, layer, "ridge", 42, 1.5, 0.3);
                s.add("esm2-t6_8M", "esm2", "t6_8M", "stat-transfer/permute", seed, 1.0, layer, "ridge", 42, 1.4, 0.35);
            }
        }
        return s;
    }

    private static ReportDocument build(SyntheticStudy s) {
        return ReportBuilder.build(new ReportInputs("demo", "exp-1", s.outcomes, List.of()), s.source());
    }

    private static Table table(ReportDocument d, String id) {
        return d.sections().stream().flatMap(sec -> sec.blocks().stream()).filter(b -> b instanceof Table t && t.id().equals(id))
                .map(b -> (Table) b).findFirst().orElseThrow(() -> new AssertionError("no table " + id));
    }

    private static List<String> column(Table t, String name, int row) {
        return List.of(t.rows().get(row).get(t.columns().indexOf(name)).text());
    }

    @Test
    void bestLayerIsChosenOnValidationAndItsTestScoreReported() {
        ReportDocument d = build(layersStudy());
        Table best = table(d, "t0-best");
        int row = -1;
        for (int r = 0; r < best.rows().size(); r++) {
            if (best.rows().get(r).get(0).text().equals("esm2-t6_8M") && best.rows().get(r).get(2).text().equals("pretrained")) {
                row = r;
            }
        }
        assertEquals(List.of("4"), column(best, "best layer", row));
        assertEquals(List.of("7"), column(best, "layers", row));
        assertTrue(best.rows().get(row).get(best.columns().indexOf("vs one-hot: Δ [95 % CI], p")).text().contains("p 1.0e-03"),
                "the pretrained best layer beats one-hot in every resample: p = 1/1001");
    }

    @Test
    void ablationTestsAreTheReferenceTTestAndAPairedBootstrapHolmCorrectedAcrossLayers() {
        SyntheticStudy s = layersStudy();
        TaskResults task = TaskResults.of(s.outcomes).get(0);
        List<AblationTest> tests = AblationTest.of(task, s.source());
        assertEquals(14, tests.size(), "7 layers x 2 ablations");
        List<AblationTest> random = tests.stream().filter(t -> t.condition().variant().equals("random-init")).toList();
        double[] p = new double[random.size()];
        for (int i = 0; i < p.length; i++) {
            AblationTest t = random.get(i);
            double[] seeds = t.ablation().outcomes().stream().mapToDouble(o -> Headline.testValue(o, "spearman")).toArray();
            double pretrained = Headline.testValue(t.pretrained().outcomes().get(0), "spearman");
            assertEquals(OneSampleTTest.less(seeds, pretrained).p(), t.tTest().p(), 1e-15);
            p[i] = t.tTest().p();
            assertTrue(t.bootstrap().isPresent());
            assertTrue(t.bootstrap().get().observed() > 0.2, "pretrained is far better: " + t.bootstrap().get());
            assertTrue(AblationTest.significant(t.bootstrapHolm()));
        }
        double[] holm = Holm.adjust(p);
        for (int i = 0; i < p.length; i++) {
            assertEquals(holm[i], random.get(i).tHolm(), 1e-15);
        }
    }

    @Test
    void referenceScoresSitOnlyBesideTheRowTheyReferTo() {
        SyntheticStudy s = new SyntheticStudy("gb1", "sampled", 200, 3);
        s.add("esm1b-t33_650M", "esm1b", "t33_650M", "pretrained", 0, 1.0, 33, "ridge", 42, 0.3, 0.9);
        s.add("esm1b-t33_650M", "esm1b", "t33_650M", "pretrained", 0, 1.0, 32, "ridge", 42, 0.3, 0.9);
        s.add("esm1b-t33_650M", "esm1b", "t33_650M", "random-init", 42, 1.0, 33, "ridge", 42, 1.0, 0.5);
        s.add("esm1b-t33_650M", "esm1b", "t33_650M", "pretrained", 0, 1.0, 33, "linear", 42, 0.3, 0.9);
        s.add("one-hot", "one-hot", null, "pretrained", 0, 1.0, 0, "ridge", 42, 0.6, 0.7);
        Table references = table(build(s), "t0-reference");
        assertEquals(2, references.rows().size(), "esm1b's last layer with ridge, and one-hot: nothing else");
        assertEquals(List.of("0.885"), column(references, "reference", 0));
        assertEquals(List.of("33"), column(references, "layer", 0));
        assertEquals(List.of("one-hot"), column(references, "model", 1));
        assertEquals(List.of("0.789"), column(references, "reference", 1));
    }

    @Test
    void everyReferenceNumberOfScienceMdIsKnown() {
        assertEquals(7 * 4 + 6, ReferenceScores.count(), "7 tasks x (one-hot, ESM-1b, CARP 640M, CARP 600k) + 6 baselines");
        Condition ss3 = new Condition("ss3", "cb513", "carp-640M", "carp", "640M", "pretrained", 1.0, 56, "linear");
        assertEquals(0.821, ReferenceScores.of(ss3).orElseThrow().score());
        assertTrue(ReferenceScores.of(ss3.atLayer(55)).isEmpty(), "not the last layer");
        assertTrue(ReferenceScores.of(ss3.withVariant("random-init")).isEmpty(), "not pretrained");
        Condition cnn = new Condition("stability", "tape", "one-hot", "one-hot", null, "pretrained", 1.0, 0, "cnn-3-maxpool");
        assertEquals(0.76, ReferenceScores.of(cnn).orElseThrow().score());
    }

    @Test
    void statisticsCsvHoldsEveryTestWithItsExactNumbers() {
        SyntheticStudy s = layersStudy();
        List<TaskAnalysis> analyses = TaskAnalysis.of(s.outcomes, s.source());
        String[] lines = StatisticsCsv.write(analyses).split("\n");
        assertEquals(String.join(",", StatisticsCsv.COLUMNS), lines[0]);
        assertEquals(1 + 14 + 3, lines.length, "14 ablation tests and 3 best layers against one-hot");
        AblationTest first = analyses.get(0).tests().get(0);
        String[] row = lines[1].split(",", -1);
        assertEquals(Double.toString(first.tTest().p()), row[StatisticsCsv.COLUMNS.indexOf("t_p")]);
        assertEquals(Double.toString(first.bootstrap().orElseThrow().ciLow()), row[StatisticsCsv.COLUMNS.indexOf("paired_ci_low")]);
    }

    @Test
    void seedsOfModelsAndProbesKeepTheirOwnSpread() {
        SyntheticStudy s = new SyntheticStudy("scl", "balanced", 100, 5);
        for (int modelSeed : SEEDS) {
            for (int probeSeed : SEEDS) {
                s.add("esm2-t6_8M", "esm2", "t6_8M", "random-init", modelSeed, 1.0, 6, "linear", probeSeed,
                        0.5 + modelSeed % 7 * 0.1, 0.5);
            }
        }
        TaskResults task = TaskResults.of(s.outcomes).get(0);
        SeedResults r = task.conditions().values().iterator().next();
        assertEquals(9, r.test().n());
        assertEquals(3, r.modelSeeds());
        assertEquals(3, r.probeSeeds());
        assertEquals(r.test().mean(), r.overModelSeeds().mean(), 1e-12);
        assertEquals(r.test().mean(), r.overProbeSeeds().mean(), 1e-12);
    }

    @Test
    void layerPlotsCarryThePretrainedLineAblationBandsAndTheOneHotLevel() {
        ReportDocument d = build(layersStudy());
        List<LinePlot> plots = d.sections().stream().flatMap(sec -> sec.blocks().stream()).filter(b -> b instanceof LinePlot)
                .map(b -> (LinePlot) b).toList();
        assertEquals(1, plots.size(), "one model x probe; a single size and checkpoint give no size or pretraining plot");
        LinePlot layers = plots.get(0);
        assertEquals(List.of("pretrained", "random-init", "stat-transfer/permute"),
                layers.curves().stream().map(LinePlot.Curve::label).toList());
        assertEquals(7, layers.curves().get(1).points().size());
        assertTrue(layers.curves().get(1).points().stream().allMatch(p -> p.n() == 3 && p.std() > 0), "bands over 3 seeds");
        assertEquals("one-hot · ridge", layers.levels().get(0).label());
        Heatmap overview = d.sections().stream().flatMap(sec -> sec.blocks().stream()).filter(b -> b instanceof Heatmap)
                .map(b -> (Heatmap) b).findFirst().orElseThrow();
        assertEquals(List.of("one-hot · ridge", "esm2-t6_8M · ridge"), overview.columns());
    }

    @Test
    void clustersFollowTheStatedRule() {
        TaskResults task = TaskResults.of(layersStudy().outcomes).get(0);
        SyntheticStudy s = layersStudy();
        TaskCluster benefits = TaskCluster.of(task, AblationTest.of(task, s.source()), BestLayer.of(task));
        assertEquals(TaskCluster.BENEFITS, benefits.cluster(), benefits.because());
        assertTrue(benefits.because().contains("alignment not measured"), benefits.because());

        SyntheticStudy flat = new SyntheticStudy("aav", "two_vs_many", 300, 11);
        flat.add("carp-640M", "carp", "640M", "pretrained", 0, 1.0, 56, "ridge", 42, 1.0, 0.5);
        for (int seed : SEEDS) {
            flat.add("carp-640M", "carp", "640M", "random-init", seed, 1.0, 56, "ridge", 42, 1.0, 0.5);
        }
        TaskResults flatTask = TaskResults.of(flat.outcomes).get(0);
        assertEquals(TaskCluster.NO_BENEFIT, TaskCluster.of(flatTask, AblationTest.of(flatTask, flat.source()),
                BestLayer.of(flatTask)).cluster());

        SyntheticStudy rising = new SyntheticStudy("ss3", "cb513", 300, 13);
        double[] fractions = {0.125, 0.25, 0.5, 1.0};
        for (int i = 0; i < fractions.length; i++) {
            rising.add("carp-38M", "carp", "38M", "pretrained", 0, fractions[i], 16, "ridge", 42, 0.9 - 0.15 * i, 0.5 + 0.1 * i);
        }
        for (int seed : SEEDS) {
            rising.add("carp-38M", "carp", "38M", "random-init", seed, 1.0, 16, "ridge", 42, 1.5, 0.2);
        }
        TaskResults risingTask = TaskResults.of(rising.outcomes).get(0);
        TaskCluster aligned = TaskCluster.of(risingTask, AblationTest.of(risingTask, rising.source()), BestLayer.of(risingTask));
        assertEquals(TaskCluster.ALIGNED, aligned.cluster(), aligned.because());

        SyntheticStudy none = new SyntheticStudy("gb1", "sampled", 50, 1);
        none.add("one-hot", "one-hot", null, "pretrained", 0, 1.0, 0, "ridge", 42, 0.5, 0.5);
        TaskResults noneTask = TaskResults.of(none.outcomes).get(0);
        assertEquals(TaskCluster.UNDETERMINED, TaskCluster.of(noneTask, List.of(), BestLayer.of(noneTask)).cluster());
    }

    @Test
    void withoutStoredPredictionsTheTTestStillRunsAndTheReportSaysWhy() {
        SyntheticStudy s = layersStudy();
        ReportDocument d = ReportBuilder.build(new ReportInputs("demo", "exp-1", s.outcomes, List.of()), key -> java.util.Optional.empty());
        Table ablations = table(d, "t0-ablations");
        assertTrue(ablations.rows().get(0).get(ablations.columns().indexOf("paired Δ [95 % CI]")).text()
                .contains("not stored"));
        assertFalse(ablations.rows().get(0).get(ablations.columns().indexOf("t-test p")).text().equals("–"));
    }

    @Test
    void whatTheDataChecksFoundIsASectionOfItsOwnAndAbsentWhenNothingWasFound() {
        SyntheticStudy s = new SyntheticStudy("gb1", "sampled", 50, 1);
        s.add("one-hot", "one-hot", null, "pretrained", 0, 1.0, 0, "ridge", 42, 0.5, 0.5);
        String finding = "warning: 3 sequence(s) are in both train and test (first: MKV...)";
        ReportDocument d = ReportBuilder.build(new ReportInputs("demo", "exp-1", s.outcomes, List.of(),
                java.util.Map.of("mine", List.of(finding))), key -> java.util.Optional.empty());
        Table checks = table(d, "data-checks");
        assertEquals(List.of("mine", finding), checks.rows().get(0).stream().map(Table.Cell::text).toList());
        assertTrue(MarkdownReport.render(d).contains("## Data checks"));
        assertFalse(MarkdownReport.render(build(s)).contains("## Data checks"));
    }

    @Test
    void markdownHasEverySectionAndEscapesTaskNames() {
        SyntheticStudy s = new SyntheticStudy("<b>x|y</b>", "", 50, 1);
        s.add("one-hot", "one-hot", null, "pretrained", 0, 1.0, 0, "ridge", 42, 0.5, 0.5);
        String md = MarkdownReport.render(build(s));
        assertTrue(md.contains("## &lt;b&gt;x|y&lt;/b&gt;"), md);
        assertTrue(md.contains("&lt;b&gt;x\\|y&lt;/b&gt;"), "inside tables the bar is escaped:\n" + md);
        for (String section : List.of("## Task clusters", "## Tasks × models", "## Protocol differences from the reference",
                "## Statistics used")) {
            assertTrue(md.contains(section), section);
        }
        Section first = build(layersStudy()).sections().get(0);
        assertNotNull(first);
        assertEquals(Map.of(), Map.of());
    }
}
