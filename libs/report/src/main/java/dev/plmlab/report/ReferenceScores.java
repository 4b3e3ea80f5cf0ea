package dev.plmlab.report;

import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.catalog.ModelFamily;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every test score of SCIENCE.md's reference tables: the Feature Reuse study's last-layer probes (ridge for
 * regression, a linear head for classification), and Shanehsazzadeh et al.'s one-hot baselines. Each applies
 * to exactly one kind of row: that task and split, that model, that probe, pretrained, at the model's last
 * layer. Nothing else is compared with it.
 */
final class ReferenceScores {

    static final String FEATURE_REUSE = "Feature Reuse (ICML 2024)";
    static final String SHANEHSAZZADEH = "Shanehsazzadeh et al. (2020)";

    /** A published score and where it comes from. */
    record Reference(double score, String source) {
    }

    private static final Map<String, Reference> SCORES = new LinkedHashMap<>();

    static {
        String[] models = {"one-hot", "esm1b-t33_650M", "carp-640M", "carp-600k"};
        reuse("gb1", "sampled", "ridge", models, .789, .885, .868, .786);
        reuse("gb1", "low_vs_high", "ridge", models, .322, .525, .476, .241);
        reuse("gb1", "two_vs_rest", "ridge", models, .543, .544, .582, .562);
        reuse("aav", "two_vs_many", "ridge", models, -.002, .654, .678, .361);
        reuse("meltome", "mixed_split", "ridge", models, .123, .581, .578, .450);
        reuse("scl", "balanced", "linear", models, .374, .605, .574, .449);
        reuse("ss3", "cb513", "linear", models, .488, .815, .821, .711);
        baseline("fluorescence", "ridge", .69);
        baseline("fluorescence", "cnn-maxpool", .69);
        baseline("fluorescence", "cnn-linear-maxpool", .69);
        baseline("stability", "ridge", .49);
        baseline("stability", "cnn-3-maxpool", .76);
        baseline("stability", "cnn-3-dilated", .75);
    }

    private ReferenceScores() {
    }

    private static void reuse(String task, String split, String probe, String[] models, double... scores) {
        for (int i = 0; i < models.length; i++) {
            SCORES.put(key(task, split, models[i], probe), new Reference(scores[i], FEATURE_REUSE));
        }
    }

    private static void baseline(String task, String probe, double score) {
        SCORES.put(key(task, "tape", "one-hot", probe), new Reference(score, SHANEHSAZZADEH));
    }

    /** The reference for this row, if it is the kind of row the reference reports. */
    static Optional<Reference> of(Condition c) {
        if (!Variants.PRETRAINED.equals(c.variant()) || c.pretraining() != 1.0 || c.layer() != lastLayer(c)) {
            return Optional.empty();
        }
        return Optional.ofNullable(SCORES.get(key(c.task(), c.split(), c.model(), c.probe())));
    }

    /** The catalogue's last layer; one-hot has only layer 0; -1 where the depth is not known. */
    static int lastLayer(Condition c) {
        if (c.isOneHot()) {
            return 0;
        }
        if (c.size() == null) {
            return -1;
        }
        return ModelFamily.fromSpecName(c.family()).flatMap(f -> KnownModels.find(f, c.size()))
                .map(k -> k.layers()).orElse(-1);
    }

    static int count() {
        return SCORES.size();
    }

    private static String key(String task, String split, String model, String probe) {
        return task + "/" + split + "/" + model + "/" + probe;
    }
}
