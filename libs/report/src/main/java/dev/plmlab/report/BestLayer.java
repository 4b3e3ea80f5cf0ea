package dev.plmlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layer a researcher would pick for a model: the best mean validation score over seeds. Test data
 * never picks it; its test score is then reported as it is.
 *
 * @param curve  the model × probe × pretraining × variant, at layer 0
 * @param chosen the results at the chosen layer; null when no layer reported a validation score
 * @param layers how many layers were compared
 */
record BestLayer(Condition curve, SeedResults chosen, int layers) {

    static List<BestLayer> of(TaskResults task) {
        List<BestLayer> out = new ArrayList<>();
        for (Condition curve : task.curves()) {
            Map<Integer, SeedResults> layers = task.layers(curve);
            SeedResults best = null;
            for (SeedResults r : layers.values()) {
                double v = r.validation().mean();
                if (Double.isFinite(v) && (best == null || v > best.validation().mean())) {
                    best = r;
                }
            }
            out.add(new BestLayer(curve, best, layers.size()));
        }
        return out;
    }

    static BestLayer find(List<BestLayer> all, Condition curve) {
        return all.stream().filter(b -> b.curve().equals(curve.atLayer(0))).findFirst().orElse(null);
    }
}
