package dev.plmlab.report;

import dev.plmlab.model.messages.ProbeOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where this experiment's protocol differs from the Feature Reuse reference code (SCIENCE.md), so that a
 * reader comparing our numbers with the paper's knows what changed. Only what applies to the results at
 * hand is listed.
 */
final class ProtocolNotes {

    private ProtocolNotes() {
    }

    static List<String> of(List<ProbeOutcome> outcomes) {
        List<String> notes = new ArrayList<>();
        List<ProbeOutcome> ridge = outcomes.stream().filter(o -> o.probe().equals("ridge")).toList();
        if (!ridge.isEmpty()) {
            TreeSet<Double> grid = new TreeSet<>();
            long fallbacks = 0;
            for (ProbeOutcome o : ridge) {
                if (o.params().get("val_spearman") instanceof Map<?, ?> scores) {
                    scores.keySet().forEach(k -> grid.add(Double.parseDouble(k.toString())));
                }
                Object rule = o.params().get("alpha_rule");
                if (rule != null && rule.toString().startsWith("fallback")) {
                    fallbacks++;
                }
            }
            notes.add("Ridge alpha grid: " + (grid.isEmpty() ? "not recorded" : grid.toString())
                    + "; the reference searches logspace(-3, 1, 5) = [0.001, 0.01, 0.1, 1.0, 10.0].");
            notes.add("Ridge alpha rule: the alpha with the best validation Spearman; the reference keeps an alpha only "
                    + "if train MSE and validation NDCG both improve. " + (fallbacks == 0 ? "No probe needed a fallback."
                    : fallbacks + " probe(s) had no defined validation Spearman for any alpha and chose by validation MSE."));
            notes.add("Ridge fits on standardised targets; MSE is reported in target units, between true and predicted "
                    + "targets (the reference compares raw targets with standardised predictions).");
        }
        if (outcomes.stream().anyMatch(o -> o.metrics().stream().anyMatch(m -> m.metric().equals("ndcg")))) {
            notes.add("NDCG: the gains are the true targets shifted so that their minimum is 0 (NDCG needs non-negative "
                    + "gains and targets such as log fitness are negative), one query over the whole test set, ties "
                    + "averaged; equal to sklearn's ndcg_score([y - min(y)], [prediction]).");
        }
        List<String> trained = outcomes.stream().filter(o -> o.probe().equals("linear") || o.probe().equals("mlp"))
                .map(ProtocolNotes::kept).distinct().sorted().toList();
        if (!trained.isEmpty()) {
            notes.add("Trained heads keep the " + String.join(" / ", trained) + " weights; the reference keeps the "
                    + "last epoch's weights by mistake (keep: last reproduces it).");
        }
        TreeSet<String> variants = new TreeSet<>();
        outcomes.forEach(o -> variants.add(o.variant()));
        if (variants.contains("random-init")) {
            notes.add("random-init re-initialises every tensor; the reference leaves LayerNorm weights and token "
                    + "embeddings pretrained (run variant random-init/reference to reproduce it).");
        }
        if (variants.contains("random-init/reference")) {
            notes.add("random-init/reference reproduces the reference's partial re-initialisation (LayerNorm weights "
                    + "and token embeddings stay pretrained).");
        }
        if (variants.contains("stat-transfer/permute")) {
            notes.add("stat-transfer/permute permutes the entries of each weight tensor, as the reference code does "
                    + "(its docstrings say it resamples; stat-transfer/resample does that).");
        }
        if (outcomes.stream().anyMatch(o -> !o.task().equals("gb1") && !o.family().equals("one-hot"))) {
            notes.add("Sequences are embedded whole; the reference drops the last residue of non-GB1 sequences.");
        }
        notes.add("Every test metric has a 95 % percentile bootstrap interval (1000 resamples of the test set, proteins "
                + "for per-residue tasks); the reference reports none.");
        return notes;
    }

    private static String kept(ProbeOutcome o) {
        Object settings = o.params().get("settings");
        if (settings instanceof Map<?, ?> s && Boolean.FALSE.equals(s.get("keepBest"))) {
            return "last-epoch";
        }
        return "best-validation";
    }
}
