package dev.plmlab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Which of the Feature Reuse study's three clusters a task falls in, by a stated rule on this experiment's
 * results:
 * <ol>
 *   <li>a model <em>benefits</em> from pretraining when, at its last layer, the pretrained network beats every
 *       ablation it was run against (Holm-adjusted paired-bootstrap p &lt; 0.05; the t-test where no predictions
 *       are stored). The task benefits when at least half of the models run with ablations do;</li>
 *   <li>a task that benefits is <em>well aligned with pretraining</em> when its score also rises with
 *       pretraining: over ≥ 3 pretraining checkpoints of one model, or else ≥ 3 sizes of one family, the
 *       Spearman correlation between the amount (fraction, parameters) and the pretrained best-layer test
 *       score (layer chosen on validation) is at least 0.8, and the largest amount scores above the smallest;</li>
 *   <li>otherwise the task shows <em>no benefit</em>.</li>
 * </ol>
 * Without ablations the cluster is not determined; without checkpoints or sizes, alignment is not measured.
 */
record TaskCluster(String task, String cluster, String because) {

    static final String ALIGNED = "well aligned with pretraining";
    static final String BENEFITS = "benefits from pretraining";
    static final String NO_BENEFIT = "no benefit from pretraining";
    static final String UNDETERMINED = "not determined";

    static final String RULE = "A model benefits when its pretrained last layer beats every ablation run (random-init, "
            + "stat-transfer) with Holm-adjusted paired-bootstrap p < 0.05; a task benefits when at least half of the "
            + "models run with ablations do. A task that benefits is well aligned with pretraining when, over at least 3 "
            + "pretraining checkpoints of one model (else at least 3 sizes of one family), the Spearman correlation of "
            + "the amount with the pretrained best-layer test score (layer chosen on validation) is at least 0.8 and the "
            + "largest amount scores higher than the smallest. Otherwise: no benefit.";

    static TaskCluster of(TaskResults task, List<AblationTest> tests, List<BestLayer> best) {
        Map<String, Boolean> benefits = new TreeMap<>();
        Map<String, List<AblationTest>> lastLayerTests = new LinkedHashMap<>();
        for (AblationTest t : tests) {
            Condition c = t.condition();
            int last = lastLayer(task, c);
            if (c.layer() == last && c.pretraining() == 1.0) {
                lastLayerTests.computeIfAbsent(c.model() + " (" + c.probe() + ")", k -> new ArrayList<>()).add(t);
            }
        }
        lastLayerTests.forEach((model, ts) -> benefits.put(model, ts.stream().allMatch(t -> AblationTest.significant(
                t.bootstrap().isPresent() ? t.bootstrapHolm() : t.tHolm()))));
        if (benefits.isEmpty()) {
            return new TaskCluster(task.title(), UNDETERMINED, "no pretrained model was run with an ablation");
        }
        long yes = benefits.values().stream().filter(b -> b).count();
        String tally = yes + " of " + benefits.size() + " model(s) beat every ablation at the last layer"
                + (yes > 0 ? " (" + String.join(", ", benefits.entrySet().stream().filter(Map.Entry::getValue)
                .map(Map.Entry::getKey).toList()) + ")" : "");
        if (yes * 2 < benefits.size()) {
            return new TaskCluster(task.title(), NO_BENEFIT, tally);
        }
        String scaling = scaling(best);
        if (scaling == null) {
            return new TaskCluster(task.title(), BENEFITS, tally + "; alignment not measured (needs 3 or more pretraining "
                    + "checkpoints of a model or sizes of a family)");
        }
        if (scaling.startsWith("+")) {
            return new TaskCluster(task.title(), ALIGNED, tally + "; " + scaling.substring(1));
        }
        return new TaskCluster(task.title(), BENEFITS, tally + "; " + scaling.substring(1));
    }

    /** The deepest layer run for this model × probe (the catalogue's last layer when it was run). */
    static int lastLayer(TaskResults task, Condition c) {
        return task.layers(c.withVariant(Variants.PRETRAINED)).keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    /** "+why" when scores rise with pretraining, "-why" when measured and they do not, null when not measured. */
    private static String scaling(List<BestLayer> best) {
        Map<String, Map<Double, Double>> byCheckpoint = new TreeMap<>();
        Map<String, Map<Double, Double>> bySize = new TreeMap<>();
        for (BestLayer b : best) {
            Condition c = b.curve();
            if (b.chosen() == null || c.isOneHot() || !Variants.PRETRAINED.equals(c.variant())) {
                continue;
            }
            double score = b.chosen().test().mean();
            byCheckpoint.computeIfAbsent(c.model() + " (" + c.probe() + ")", k -> new TreeMap<>()).put(c.pretraining(), score);
            OptionalDouble params = ModelSizes.parameters(c.size());
            if (c.pretraining() == 1.0 && params.isPresent()) {
                bySize.computeIfAbsent(c.family() + " (" + c.probe() + ")", k -> new TreeMap<>()).put(params.getAsDouble(), score);
            }
        }
        String measured = rising(byCheckpoint, "pretraining checkpoints");
        return measured != null ? measured : rising(bySize, "sizes");
    }

    private static String rising(Map<String, Map<Double, Double>> series, String axis) {
        String verdict = null;
        for (var e : series.entrySet()) {
            Map<Double, Double> points = e.getValue();
            if (points.size() < 3) {
                continue;
            }
            double[] x = points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = points.values().stream().mapToDouble(Double::doubleValue).toArray();
            double rho = new SpearmansCorrelation().correlation(x, y);
            boolean rises = rho >= 0.8 && y[y.length - 1] > y[0];
            String why = String.format(java.util.Locale.ROOT, "%s over %d %s: Spearman %.2f between amount and score",
                    e.getKey(), points.size(), axis, rho);
            if (rises) {
                return "+" + why;
            }
            verdict = "-" + why + ", not rising";
        }
        return verdict;
    }
}
