package dev.plmlab.cli.plan;

import dev.plmlab.model.catalog.ModelFamily;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The plan as text: stages, experiments, data, models, time. Estimated numbers carry a '~'. */
public final class PlanReport {

    /** The families of the Feature Reuse study, whose grid counts 370 experiments. */
    static final Set<ModelFamily> FEATURE_REUSE_FAMILIES = EnumSet.of(ModelFamily.ONE_HOT, ModelFamily.ESM1, ModelFamily.ESM1B,
            ModelFamily.CARP);

    private static final String INDENT = " ".repeat(27);

    private PlanReport() {
    }

    public static String render(ExperimentPlan plan, String specName) {
        StringBuilder out = new StringBuilder();
        out.append("plan for ").append(plan.spec().name()).append(" (").append(specName)
                .append("): nothing is run and no infrastructure is started\n\n");
        stages(plan, out);
        experiments(plan, out);
        data(plan, out);
        models(plan, out);
        time(plan, out);
        for (String note : plan.notes()) {
            out.append("note: ").append(note).append('\n');
        }
        return out.toString();
    }

    private static void stages(ExperimentPlan plan, StringBuilder out) {
        String where = plan.statePresent() ? plan.state().toString() : plan.state() + " (no object store there yet)";
        out.append(String.format(Locale.ROOT, "%-12s %10s   %s%n", "jobs", "count", "stored in " + where));
        for (ExperimentPlan.Stage stage : plan.stages()) {
            out.append(String.format(Locale.ROOT, "%-12s %10s   %s%n", stage.name(), count(stage.total()),
                    count(stage.stored()) + " of " + count(stage.total())));
            if (stage.undetermined() > 0) {
                out.append(INDENT).append(count(stage.undetermined())).append(switch (stage.name()) {
                    case "embeddings" -> " cannot be looked up until their datasets are prepared\n" + INDENT
                            + "(each embedding job's id holds its dataset's content hash)";
                    default -> " cannot be looked up until their embeddings are stored\n" + INDENT
                            + "(each probe job's id holds the features id, which names the checkpoint's content)";
                }).append('\n');
            }
        }
        for (ExperimentPlan.UnknownDepth u : plan.unknownDepth()) {
            out.append(INDENT).append("+ ").append(count(u.probesPerLayer())).append(" probe jobs per layer of ")
                    .append(u.label()).append(": ").append(u.note()).append('\n');
        }
        if (!plan.probes().isEmpty()) {
            out.append("probe jobs by probe and task type (estimated time):\n");
        }
        for (ExperimentPlan.ProbeLine p : plan.probes()) {
            out.append(String.format(Locale.ROOT, "  %-40s %10s   %s%n", p.probe() + " on " + p.taskType().specName(), count(p.jobs()),
                    Double.isNaN(p.seconds()) ? "time not estimated" : (p.probe().equals("linear") ? "at most ~" : "~")
                            + duration(p.seconds())));
        }
        out.append('\n');
    }

    private static void experiments(ExperimentPlan plan, StringBuilder out) {
        List<Integer> perTask = plan.experimentsPerTask();
        boolean uniform = perTask.stream().distinct().count() == 1;
        out.append("experiments: ").append(count(plan.experiments()));
        if (uniform && !perTask.isEmpty()) {
            out.append(" = ").append(perTask.size()).append(perTask.size() == 1 ? " task x " : " tasks x ").append(perTask.get(0))
                    .append(" per task");
        }
        out.append('\n');
        out.append("  counted as the Feature Reuse study counts its 370: one per task x model x weight variant x pretraining"
                + " checkpoint;\n  seeds repeat an experiment and every layer is probed within it (370 = 10 task splits x 37:"
                + " 8 PLMs x {pretrained,\n  random-init, stat-transfer} + 12 intermediate CARP checkpoints + one-hot)\n");
        List<String> families = new ArrayList<>();
        int reuse = 0;
        for (Map.Entry<ModelFamily, Integer> e : plan.experimentsByFamily().entrySet()) {
            families.add(e.getKey().specName() + " " + count(e.getValue()));
            if (FEATURE_REUSE_FAMILIES.contains(e.getKey())) {
                reuse += e.getValue();
            }
        }
        out.append("  by family: ").append(String.join(", ", families)).append('\n');
        out.append("  of the study's families (one-hot, esm1, esm1b, carp): ").append(count(reuse));
        int other = plan.experiments() - reuse;
        if (other > 0) {
            out.append("; others (e.g. esm2): ").append(count(other));
        }
        out.append("\n\n");
    }

    private static void data(ExperimentPlan plan, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%-28s %10s %12s %8s   %s%n", "data (dataset jobs)", "sequences", "residues", "mean",
                "from"));
        for (ExperimentPlan.DatasetLine d : plan.datasets()) {
            String name = String.join(", ", d.tasks());
            DatasetStats s = d.stats();
            if (s == null) {
                out.append(String.format(Locale.ROOT, "%-28s %10s %12s %8s   %s%n", name, "?", "?", "?",
                        "unknown until dataset-prep reads it"));
                continue;
            }
            String t = s.exact() ? "" : "~";
            out.append(String.format(Locale.ROOT, "%-28s %10s %12s %8s   %s%n", name, t + count(s.sequences()),
                    t + count(s.residues()), t + String.format(Locale.ROOT, "%.0f", (double) s.residues() / Math.max(1, s.sequences())),
                    (s.exact() ? "" : "estimate: ") + s.source()));
        }
        out.append('\n');
    }

    private static void models(ExperimentPlan plan, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%-22s %6s %7s %6s %15s %18s %20s %12s%n", "model", "dim", "layers", "jobs",
                "tokens", "one layer (B)", "all layers (B)", "time (est.)"));
        long tokens = 0;
        long layer = 0;
        long all = 0;
        double seconds = 0;
        boolean allKnown = true;
        boolean layerKnown = true;
        boolean secondsKnown = true;
        boolean exact = true;
        for (ExperimentPlan.ModelLine m : plan.models()) {
            String t = m.exact() ? "" : "~";
            boolean oneHot = m.family() == ModelFamily.ONE_HOT;
            out.append(String.format(Locale.ROOT, "%-22s %6s %7s %6s %15s %18s %20s %12s%n", m.label(),
                    oneHot ? "23xL" : m.width() == 0 ? "?" : String.valueOf(m.width()), m.layers(), count(m.jobs()),
                    oneHot ? "-" : t + count(m.tokens()), m.width() == 0 ? "?" : t + count(m.layerBytes()),
                    m.allBytes() == null ? "?" : t + count(m.allBytes()),
                    oneHot ? "negligible" : m.seconds() == null ? "?" : "~" + duration(m.seconds())));
            tokens += m.tokens();
            layer += m.layerBytes();
            layerKnown &= m.width() != 0;
            if (m.allBytes() == null) {
                allKnown = false;
            } else {
                all += m.allBytes();
            }
            if (m.seconds() == null) {
                secondsKnown = false;
            } else {
                seconds += m.seconds();
            }
            exact &= m.exact();
        }
        String t = exact ? "" : "~";
        out.append(String.format(Locale.ROOT, "%-22s %6s %7s %6s %15s %18s %20s %12s%n", "total", "", "",
                count(plan.stage("embeddings").total()), t + count(tokens), (layerKnown ? t : ">= ") + count(layer),
                (allKnown ? t : ">= ") + count(all), (secondsKnown ? "~" : ">= ~") + duration(seconds)));
        out.append("  storage: ").append(allKnown ? t : ">= ").append(bytes(all))
                .append(" of features (pooled: sequences x dim; per residue: residues x dim; x 4 bytes float32, 2 float16);")
                .append("\n    one-hot pooled: flattened, 23 x the longest sequence L; per residue: 23\n");
        out.append("  tokens: sequences x (kept residues + the model's <cls>/<eos>) over every part, per job; dim from the model"
                + " catalogue;\n  one layer (B): one layer index of every job of the model; '~': from an estimated dataset size\n\n");
    }

    private static void time(ExperimentPlan plan, StringBuilder out) {
        Throughput tp = plan.throughput();
        double inference = plan.models().stream().filter(m -> m.seconds() != null).mapToDouble(ExperimentPlan.ModelLine::seconds).sum();
        double probes = 0;
        List<String> unestimated = new ArrayList<>();
        for (ExperimentPlan.ProbeLine p : plan.probes()) {
            if (Double.isNaN(p.seconds())) {
                unestimated.add(p.probe() + " on " + p.taskType().specName());
            } else {
                probes += p.seconds();
            }
        }
        out.append("time (an estimate, for what is not stored yet, one embedder and one probe trainer on this kind of machine):\n");
        out.append("  embeddings ~").append(duration(inference)).append(": ").append(count((long) tp.inferenceTokensPerSecond()))
                .append(" tokens/s measured for ").append(tp.inferenceModel()).append(" (").append(tp.inferenceMachine())
                .append(";\n    ").append(tp.inferenceSource()).append("), scaled by parameters (forge catalogue) for the others;"
                        + "\n    GPU (Triton) throughput is not measured here\n");
        out.append("  probes ~").append(duration(probes)).append(": ridge as measured in ").append(tp.ridgeSource())
                .append(", scaled by n x D^2 + D^3;\n    linear, an upper bound: 6 x rows x D x classes FLOP an epoch for every epoch at ")
                .append(String.format(Locale.ROOT, "%.1f GFLOP/s", tp.linearFlopsPerSecond() / 1e9))
                .append("\n    (").append(tp.linearSource()).append("); early stopping ends most runs sooner");
        if (!unestimated.isEmpty()) {
            out.append(";\n    not estimated: ").append(String.join(", ", unestimated));
        }
        out.append("\n  one-hot features: negligible (no network: 23 numbers written per residue)\n");
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String bytes(long b) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double v = b;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(double seconds) {
        if (seconds < 1) {
            return seconds == 0 ? "0 s" : "<1 s";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 2 * 3600) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        if (seconds < 3 * 86400) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
    }
}
