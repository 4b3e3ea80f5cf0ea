package dev.plmlab.reporter;

import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.results.ResultRow;
import dev.plmlab.model.results.ResultsCsv;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Turns probe outcomes into results.csv and a Markdown report; same input, same bytes. */
public final class ReportWriter {

    private static final Comparator<ProbeOutcome> ORDER = Comparator.comparing(ProbeOutcome::model)
            .thenComparing(ProbeOutcome::variant).thenComparingInt(ProbeOutcome::modelSeed)
            .thenComparingInt(ProbeOutcome::layer).thenComparing(ProbeOutcome::probe).thenComparingInt(ProbeOutcome::seed);

    private ReportWriter() {
    }

    public static String resultsCsv(String experiment, List<ProbeOutcome> outcomes) {
        return ResultsCsv.write(outcomes.stream().flatMap(o -> ResultRow.of(experiment, o).stream()).toList());
    }

    public static String markdown(String experiment, String experimentId, List<ProbeOutcome> outcomes, List<JobFailed> failures) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(experiment).append("\n\n");
        md.append("Experiment `").append(experimentId).append("`: ").append(outcomes.size()).append(" probe result(s), ")
                .append(failures.size()).append(" failed job(s). Intervals are 95 % bootstrap percentile intervals over the test set (per-residue tasks: over its proteins).\n");

        Map<String, List<ProbeOutcome>> byTask = new TreeMap<>();
        for (ProbeOutcome o : outcomes) {
            byTask.computeIfAbsent(o.task() + (o.split().isEmpty() ? "" : " / " + o.split()), k -> new java.util.ArrayList<>()).add(o);
        }
        for (var entry : byTask.entrySet()) {
            List<ProbeOutcome> rows = entry.getValue().stream().sorted(ORDER).toList();
            List<String> metrics = rows.stream().flatMap(o -> o.metrics().stream().map(MetricValue::metric)).distinct().toList();
            String headline = metrics.contains("spearman") ? "spearman" : metrics.contains("accuracy") ? "accuracy" : metrics.get(0);
            List<String> others = metrics.stream().filter(m -> !m.equals(headline)).toList();
            md.append("\n## ").append(entry.getKey()).append("\n\n");
            md.append("| model | variant | seed | layer | probe | probe seed | test ").append(headline).append(" [95 % CI] |");
            others.forEach(m -> md.append(" ").append(m).append(" |"));
            md.append(" chosen | reference |\n|");
            md.append(" --- |".repeat(9 + others.size())).append("\n");
            List<String> notes = new java.util.ArrayList<>();
            for (ProbeOutcome o : rows) {
                MetricValue main = metric(o, headline);
                md.append("| ").append(o.model()).append(" | ").append(o.variant()).append(" | ").append(o.modelSeed())
                        .append(" | ").append(o.layer()).append(" | ").append(o.probe()).append(" | ").append(o.seed())
                        .append(" | ").append(main == null ? "" : f3(main.value()) + " [" + f3(main.ciLow()) + ", " + f3(main.ciHigh()) + "]");
                others.forEach(m -> md.append(" | ").append(value(o, m)));
                md.append(" | ").append(chosen(o))
                        .append(" | ").append(ReferenceScores.of(o.task(), o.split(), o.model()).map(ReportWriter::f3).orElse(""))
                        .append(" |\n");
                Object rule = o.params().get("alpha_rule");
                if (rule != null && rule.toString().startsWith("fallback")) {
                    notes.add(o.model() + " layer " + o.layer() + ": alpha chosen by " + rule);
                }
                Object asX = o.params().get("residues_as_x");
                if (asX != null) {
                    notes.add(o.model() + ": residues without a one-hot column of their own (Z, O, J) encoded as X, per part: " + asX);
                }
                Object cut = o.params().get("cut_sequences");
                if (cut != null) {
                    notes.add(o.model() + " layer " + o.layer() + ": sequences cut by the long-sequence policy, per part: " + cut);
                }
            }
            notes.stream().distinct().forEach(n -> md.append("\n- ").append(n));
            if (!notes.isEmpty()) {
                md.append("\n");
            }
        }
        if (!failures.isEmpty()) {
            md.append("\n## Failed jobs\n\nThese jobs ended in an error; everything else above is complete.\n\n");
            md.append("| stage | task | job | error |\n| --- | --- | --- | --- |\n");
            failures.stream().sorted(Comparator.comparing(JobFailed::jobId)).forEach(f -> md.append("| ").append(f.stage())
                    .append(" | ").append(f.taskName()).append(" | `").append(f.jobId()).append("` | ")
                    .append(f.message().replace("\n", " ").replace("|", "\\|")).append(" |\n"));
        }
        return md.toString();
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

    private static MetricValue metric(ProbeOutcome o, String name) {
        return o.metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElse(null);
    }

    private static String value(ProbeOutcome o, String name) {
        MetricValue m = metric(o, name);
        return m == null ? "" : f3(m.value());
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
