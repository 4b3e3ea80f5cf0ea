package dev.plmlab.report;

import static dev.plmlab.report.Numbers.f3;
import static dev.plmlab.report.Numbers.fraction;
import static dev.plmlab.report.Numbers.interval;
import static dev.plmlab.report.Numbers.meanStd;
import static dev.plmlab.report.Numbers.p;

import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.report.document.Block;
import dev.plmlab.report.document.Bullets;
import dev.plmlab.report.document.Heatmap;
import dev.plmlab.report.document.Paragraph;
import dev.plmlab.report.document.ReportDocument;
import dev.plmlab.report.document.Section;
import dev.plmlab.report.document.Table;
import dev.plmlab.report.document.Table.Cell;
import dev.plmlab.report.stats.PairedBootstrapResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an experiment's outcomes into its report: task clusters, a task × model overview, and per task the
 * plots across layers, sizes and checkpoints, the best layers, the significance of pretraining, the
 * reference's scores beside the rows they refer to, seed statistics and every result. Same inputs, same
 * document.
 */
public final class ReportBuilder {

    private ReportBuilder() {
    }

    public static ReportDocument build(ReportInputs inputs, PredictionsSource predictions) {
        return document(inputs, TaskAnalysis.of(inputs.outcomes(), predictions));
    }

    static ReportDocument document(ReportInputs inputs, List<TaskAnalysis> analyses) {
        List<TaskResults> tasks = analyses.stream().map(TaskAnalysis::task).toList();
        List<Section> sections = new ArrayList<>();
        List<TaskCluster> clusters = new ArrayList<>();
        List<Section> taskSections = new ArrayList<>();
        Map<String, Map<String, Double>> overview = new LinkedHashMap<>();
        int index = 0;
        for (TaskAnalysis a : analyses) {
            clusters.add(a.cluster());
            overview.put(a.task().title(), overviewRow(a.best()));
            taskSections.add(taskSection(a, "t" + index++));
        }
        if (!tasks.isEmpty()) {
            sections.add(clusterSection(clusters));
            sections.add(overviewSection(overview));
        }
        sections.addAll(taskSections);
        if (!inputs.datasetNotes().isEmpty()) {
            sections.add(dataChecksSection(inputs.datasetNotes()));
        }
        sections.add(new Section("Protocol differences from the reference", 2, List.of(new Bullets(ProtocolNotes.of(inputs.outcomes())))));
        sections.add(new Section("Statistics used", 2, List.of(new Bullets(statistics()))));
        if (!inputs.failures().isEmpty()) {
            sections.add(failureSection(inputs.failures()));
        }
        return new ReportDocument(inputs.experiment(), summary(inputs, tasks), sections);
    }

    private static List<String> summary(ReportInputs inputs, List<TaskResults> tasks) {
        List<String> lines = new ArrayList<>();
        lines.add("Experiment " + inputs.experimentId() + ": " + inputs.outcomes().size() + " probe result(s) on "
                + tasks.size() + " task split(s), " + inputs.failures().size() + " failed job(s).");
        lines.add("Scores are test scores of each task's headline metric (Spearman ρ for regression, accuracy for "
                + "classification), with 95 % bootstrap intervals; mean ± std are over seeds. Best layers are chosen on "
                + "validation, never on test.");
        return lines;
    }

    private static Section clusterSection(List<TaskCluster> clusters) {
        List<List<Cell>> rows = clusters.stream().map(c -> List.of(Cell.text(c.task()), Cell.text(c.cluster()),
                Cell.text(c.because()))).toList();
        return new Section("Task clusters", 2, List.of(new Paragraph(TaskCluster.RULE),
                new Table("clusters", "The cluster of each task, by the rule above.", List.of("task", "cluster", "because"), rows)));
    }

    /** Best-layer (on validation) pretrained test score of each model on each task. */
    private static Map<String, Double> overviewRow(List<BestLayer> best) {
        Map<String, Double> row = new LinkedHashMap<>();
        for (BestLayer b : best) {
            Condition c = b.curve();
            if (b.chosen() != null && Variants.PRETRAINED.equals(c.variant()) && c.pretraining() == 1.0) {
                row.put(c.model() + " · " + c.probe(), b.chosen().test().mean());
            }
        }
        return row;
    }

    private static Section overviewSection(Map<String, Map<String, Double>> overview) {
        List<String> columns = overview.values().stream().flatMap(r -> r.keySet().stream()).distinct()
                .sorted(Comparator.comparing((String m) -> !m.startsWith("one-hot")).thenComparing(m -> m)).toList();
        List<String> rows = List.copyOf(overview.keySet());
        double[][] values = new double[rows.size()][columns.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                values[r][c] = overview.get(rows.get(r)).getOrDefault(columns.get(c), Double.NaN);
            }
        }
        return new Section("Tasks × models", 2, List.of(new Heatmap("overview", "Pretrained test score at the best layer "
                + "(chosen on validation), mean over seeds", rows, columns, values, "test score")));
    }

    private static Section taskSection(TaskAnalysis analysis, String id) {
        TaskResults task = analysis.task();
        List<BestLayer> best = analysis.best();
        List<AblationTest> tests = analysis.tests();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("Headline metric: " + task.metric() + ". " + task.outcomes().size() + " result(s); train / "
                + "validation / test: " + task.outcomes().get(0).nTrain() + " / " + task.outcomes().get(0).nVal() + " / "
                + task.outcomes().get(0).nTest() + "."));
        blocks.addAll(Plots.layers(task, id));
        blocks.addAll(Plots.sizes(task, best, id));
        blocks.addAll(Plots.pretraining(task, best, id));
        blocks.add(bestLayerTable(task, best, analysis.versusOneHot(), id));
        if (!tests.isEmpty()) {
            blocks.add(ablationTable(tests, id));
        }
        Table references = referenceTable(task, id);
        if (references != null) {
            blocks.add(references);
        }
        blocks.add(seedTable(task, id));
        blocks.add(resultsTable(task, id));
        List<String> notes = notes(task);
        if (!notes.isEmpty()) {
            blocks.add(new Bullets(notes));
        }
        return new Section(task.title(), 2, blocks);
    }

    private static Table bestLayerTable(TaskResults task, List<BestLayer> best,
                                        Map<Condition, PairedBootstrapResult> versusOneHot, String id) {
        List<List<Cell>> rows = new ArrayList<>();
        for (BestLayer b : best) {
            Condition c = b.curve();
            SeedResults chosen = b.chosen();
            String vsOneHot = "";
            double vsOneHotKey = Double.NaN;
            PairedBootstrapResult r = versusOneHot.get(c);
            if (r != null) {
                vsOneHot = f3(r.observed()) + " " + interval(r.ciLow(), r.ciHigh()) + ", p " + p(r.p());
                vsOneHotKey = r.observed();
            }
            rows.add(List.of(Cell.text(c.model()), Cell.text(c.probe()), Cell.text(c.variant()),
                    Cell.number(fraction(c.pretraining()), c.pretraining()),
                    chosen == null ? Cell.text("no validation score") : Cell.number(Integer.toString(chosen.condition().layer()),
                            chosen.condition().layer()),
                    Cell.number(Integer.toString(b.layers()), b.layers()),
                    chosen == null ? Cell.text("") : Cell.number(meanStd(chosen.validation().mean(), chosen.validation().std()),
                            chosen.validation().mean()),
                    chosen == null ? Cell.text("") : Cell.number(meanStd(chosen.test().mean(), chosen.test().std()),
                            chosen.test().mean()),
                    Cell.number(vsOneHot, vsOneHotKey)));
        }
        return new Table(id + "-best", "Best layer of each model, chosen by mean validation " + task.metric()
                + "; its test score; and its paired-bootstrap difference from one-hot with the same probe (H1: above one-hot).",
                List.of("model", "probe", "variant", "pretraining", "best layer", "layers", "validation", "test",
                        "vs one-hot: Δ [95 % CI], p"), rows);
    }

    private static Table ablationTable(List<AblationTest> tests, String id) {
        List<List<Cell>> rows = new ArrayList<>();
        for (AblationTest t : tests) {
            Condition c = t.condition();
            double pre = t.pretrained().test().mean();
            double abl = t.ablation().test().mean();
            List<Cell> row = new ArrayList<>(List.of(Cell.text(c.model()), Cell.text(c.probe()), Cell.text(c.variant()),
                    Cell.number(Integer.toString(c.layer()), c.layer()), Cell.number(f3(pre), pre),
                    Cell.number(meanStd(abl, t.ablation().overModelSeeds().std()) + " (" + t.ablation().modelSeeds() + ")", abl),
                    Cell.number(f3(pre - abl), pre - abl), Cell.number(p(t.tTest().p()), t.tTest().p()),
                    Cell.number(p(t.tHolm()), t.tHolm())));
            if (t.bootstrap().isPresent()) {
                PairedBootstrapResult b = t.bootstrap().get();
                row.add(Cell.number(f3(b.observed()) + " " + interval(b.ciLow(), b.ciHigh()), b.observed()));
                row.add(Cell.number(p(b.p()), b.p()));
                row.add(Cell.number(p(t.bootstrapHolm()) + (AblationTest.significant(t.bootstrapHolm()) ? " *" : ""),
                        t.bootstrapHolm()));
            } else {
                row.add(Cell.text(t.skipped()));
                row.add(Cell.text(""));
                row.add(Cell.text(""));
            }
            rows.add(row);
        }
        return new Table(id + "-ablations", "Pretrained against each ablation at every layer. Reference test: one-sided "
                + "one-sample t-test of the ablation's per-seed scores against the pretrained score; plmlab's: paired "
                + "bootstrap over test units (Δ = pretrained − ablation mean). Both Holm-corrected across the layers of "
                + "each model × probe × ablation; * marks Holm-adjusted bootstrap p < 0.05.",
                List.of("model", "probe", "ablation", "layer", "pretrained", "ablation ± std (seeds)", "Δ", "t-test p",
                        "t-test p (Holm)", "paired Δ [95 % CI]", "bootstrap p", "bootstrap p (Holm)"), rows);
    }

    private static Table referenceTable(TaskResults task, String id) {
        List<List<Cell>> rows = new ArrayList<>();
        task.conditions().forEach((c, r) -> ReferenceScores.of(c).ifPresent(ref -> {
            double ours = r.test().mean();
            MetricValue first = Headline.test(r.outcomes().get(0), task.metric());
            boolean single = r.outcomes().size() == 1;
            String inside = !single || first == null || Double.isNaN(first.ciLow()) ? "–"
                    : ref.score() >= first.ciLow() && ref.score() <= first.ciHigh() ? "yes" : "no";
            rows.add(List.of(Cell.text(c.model()), Cell.text(c.probe()), Cell.number(Integer.toString(c.layer()), c.layer()),
                    Cell.number(meanStd(ours, r.test().std()), ours),
                    Cell.text(single && first != null ? interval(first.ciLow(), first.ciHigh()) : ""),
                    Cell.number(f3(ref.score()), ref.score()), Cell.number(f3(ours - ref.score()), ours - ref.score()),
                    Cell.text(inside), Cell.text(ref.source())));
        }));
        if (rows.isEmpty()) {
            return null;
        }
        return new Table(id + "-reference", "Published scores beside the rows they refer to (pretrained, last layer, same "
                + "model and probe).", List.of("model", "probe", "layer", "ours", "95 % CI", "reference", "Δ",
                "reference inside CI", "source"), rows);
    }

    private static Table seedTable(TaskResults task, String id) {
        List<List<Cell>> rows = new ArrayList<>();
        task.conditions().forEach((c, r) -> rows.add(List.of(Cell.text(c.model()), Cell.text(c.probe()), Cell.text(c.variant()),
                Cell.number(fraction(c.pretraining()), c.pretraining()), Cell.number(Integer.toString(c.layer()), c.layer()),
                Cell.number(Integer.toString(r.modelSeeds()), r.modelSeeds()),
                Cell.number(Integer.toString(r.probeSeeds()), r.probeSeeds()),
                Cell.number(f3(r.test().mean()), r.test().mean()),
                Cell.number(f3(r.overModelSeeds().std()), r.overModelSeeds().std()),
                Cell.number(f3(r.overProbeSeeds().std()), r.overProbeSeeds().std()),
                Cell.number(f3(r.validation().mean()), r.validation().mean()))));
        return new Table(id + "-seeds", "Mean over seeds of every condition; the spread over model seeds (which ablated "
                + "weights) and over probe seeds (which head initialisation) is given separately.",
                List.of("model", "probe", "variant", "pretraining", "layer", "model seeds", "probe seeds", "test mean",
                        "std over model seeds", "std over probe seeds", "validation mean"), rows);
    }

    private static Table resultsTable(TaskResults task, String id) {
        List<String> others = task.outcomes().stream().flatMap(o -> o.metrics().stream().map(MetricValue::metric)).distinct()
                .filter(m -> !m.equals(task.metric())).toList();
        List<String> columns = new ArrayList<>(List.of("model", "variant", "model seed", "pretraining", "layer", "probe",
                "probe seed", task.metric() + " [95 % CI]"));
        columns.addAll(others);
        columns.add("validation");
        columns.add("chosen");
        List<List<Cell>> rows = new ArrayList<>();
        task.conditions().values().forEach(r -> r.outcomes().stream()
                .sorted(Comparator.comparingInt(ProbeOutcome::modelSeed).thenComparingInt(ProbeOutcome::seed)).forEach(o -> {
                    MetricValue main = Headline.test(o, task.metric());
                    List<Cell> row = new ArrayList<>(List.of(Cell.text(o.model()), Cell.text(o.variant()),
                            Cell.number(Integer.toString(o.modelSeed()), o.modelSeed()),
                            Cell.number(fraction(o.pretraining()), o.pretraining()), Cell.number(Integer.toString(o.layer()), o.layer()),
                            Cell.text(o.probe()), Cell.number(Integer.toString(o.seed()), o.seed()),
                            main == null ? Cell.text("") : Cell.number(f3(main.value()) + " " + interval(main.ciLow(), main.ciHigh()),
                                    main.value())));
                    others.forEach(m -> row.add(Cell.number(f3(Headline.testValue(o, m)), Headline.testValue(o, m))));
                    double val = Headline.validationValue(o, task.metric());
                    row.add(Cell.number(f3(val), val));
                    row.add(Cell.text(chosen(o)));
                    rows.add(row);
                }));
        return new Table(id + "-results", "Every result: one row per model seed and probe seed.", columns, rows);
    }

    /** What the probe chose on validation: ridge's alpha, a trained head's best epoch. */
    private static String chosen(ProbeOutcome o) {
        if (o.params().containsKey("alpha")) {
            return "alpha " + o.params().get("alpha");
        }
        if (o.params().containsKey("best_epoch")) {
            return "epoch " + o.params().get("best_epoch");
        }
        return "";
    }

    private static List<String> notes(TaskResults task) {
        List<String> notes = new ArrayList<>();
        for (ProbeOutcome o : task.outcomes()) {
            Object rule = o.params().get("alpha_rule");
            if (rule != null && rule.toString().startsWith("fallback")) {
                notes.add(o.model() + " " + o.variant() + " layer " + o.layer() + ": alpha chosen by " + rule);
            }
            Object asX = o.params().get("residues_as_x");
            if (asX != null) {
                notes.add(o.model() + ": residues without a one-hot column of their own (Z, O, J) encoded as X, per part: " + asX);
            }
            Object cut = o.params().get("cut_sequences");
            if (cut != null) {
                notes.add(o.model() + ": sequences cut by the long-sequence policy ("
                        + o.params().getOrDefault("long_sequences", "") + "), per part: " + cut);
            }
        }
        return notes.stream().distinct().toList();
    }

    private static List<String> statistics() {
        return List.of(
                "Confidence intervals: 95 % percentile bootstrap over the test set (1000 resamples, seeded by the probe "
                        + "seed; per-residue tasks resample proteins), computed by the probe-trainer.",
                "Seeds: model seeds choose the ablated weights, probe seeds the head's initialisation and batch order; "
                        + "ridge is deterministic and runs once. Standard deviations use n − 1.",
                "Reference significance test: one-sided one-sample t-test, ablation per-seed scores against the pretrained "
                        + "score (scipy's ttest_1samp(alternative=\"less\")), at every layer (the reference: last layer only).",
                "plmlab's significance test: paired bootstrap over test units, " + AblationTest.RESAMPLES + " resamples, seed "
                        + AblationTest.SEED + ", p = (1 + #{Δ* ≤ 0}) / (resamples + 1). It accounts for the test set's "
                        + "sampling error, which the t-test ignores; a Welch test would need repeated pretrained results.",
                "Multiple comparisons: Holm's step-down correction across the layers of each model × probe × ablation, "
                        + "for each test separately; significance at α = 0.05 after correction.");
    }

    /** What dataset-prep found in the data: skipped rows, conflicting targets, a sequence in two parts. */
    private static Section dataChecksSection(Map<String, List<String>> notes) {
        List<List<Cell>> rows = new ArrayList<>();
        notes.forEach((task, lines) -> lines.forEach(line -> rows.add(List.of(Cell.text(task), Cell.text(line)))));
        return new Section("Data checks", 2, List.of(new Paragraph("What checking each task's data found and did before "
                + "anything was trained on it. Read these before the scores: a sequence in both train and test inflates "
                + "test scores, and conflicting targets bound what any model can reach."),
                new Table("data-checks", "Data checks.", List.of("task", "finding"), rows)));
    }

    private static Section failureSection(List<JobFailed> failures) {
        List<List<Cell>> rows = failures.stream().sorted(Comparator.comparing(JobFailed::jobId))
                .map(f -> List.of(Cell.text(f.stage()), Cell.text(f.taskName()), Cell.text(f.jobId()), Cell.text(f.message())))
                .toList();
        return new Section("Failed jobs", 2, List.of(new Paragraph("These jobs ended in an error; everything else above is "
                + "complete."), new Table("failures", "Failed jobs.", List.of("stage", "task", "job", "error"), rows)));
    }
}
