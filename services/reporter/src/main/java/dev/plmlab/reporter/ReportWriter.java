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
                .append(failures.size()).append(" failed job(s). Intervals are 95 % bootstrap percentile intervals over the test set.\n");

        Map<String, List<ProbeOutcome>> byTask = new TreeMap<>();
        for (ProbeOutcome o : outcomes) {
            byTask.computeIfAbsent(o.task() + (o.split().isEmpty() ? "" : " / " + o.split()), k -> new java.util.ArrayList<>()).add(o);
        }
        for (var entry : byTask.entrySet()) {
            md.append("\n## ").append(entry.getKey()).append("\n\n");
            md.append("| model | variant | seed | layer | probe | test Spearman [95 % CI] | NDCG | MSE | alpha | reference |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (ProbeOutcome o : entry.getValue().stream().sorted(ORDER).toList()) {
                MetricValue rho = metric(o, "spearman");
                md.append("| ").append(o.model()).append(" | ").append(o.variant()).append(" | ").append(o.modelSeed())
                        .append(" | ").append(o.layer()).append(" | ").append(o.probe())
                        .append(" | ").append(rho == null ? "" : f3(rho.value()) + " [" + f3(rho.ciLow()) + ", " + f3(rho.ciHigh()) + "]")
                        .append(" | ").append(value(o, "ndcg")).append(" | ").append(value(o, "mse"))
                        .append(" | ").append(o.params().getOrDefault("alpha", ""))
                        .append(" | ").append(ReferenceScores.of(o.task(), o.split(), o.model()).map(ReportWriter::f3).orElse(""))
                        .append(" |\n");
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
